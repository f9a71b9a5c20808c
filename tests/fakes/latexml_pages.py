"""Whole arXiv LaTeXML pages built from the real recorded ones (tests/fakes/real/).

The chrome (head, header, infobox, footer) is the real failed-conversion page
of 2608.30667v1; Section 2 is the real excerpt of 2507.00150v1 verbatim (its
author-year citations, footnote, escaped alttext, figure with math). Around
them the builder writes the parts the excerpts do not show, in the markup
API-NOTES-2 §1.2 documents: title, authors, abstract, in-article TOC,
numbered sections and subsections, numeric citations, display equations, a
list, a data table, an algorithm, an appendix and the bibliography.
"""

from __future__ import annotations

import random
import re
from html import escape
from pathlib import Path

REAL = Path(__file__).parent / "real"
EXCERPT_KEYS = ("bib.bib3", "bib.bib7", "bib.bib10", "bib.bib64", "bib.bib86", "bib.bib88")
_WORDS = ["model", "training", "data", "learning", "gradient", "attention", "layer", "token", "sequence", "benchmark", "accuracy", "loss", "representation", "transformer", "encoder", "decoder", "sample", "distribution", "variance", "estimate", "inference", "policy", "reward", "agent", "kernel", "convolution", "graph", "node", "embedding", "retrieval", "generation", "language", "vision", "robust", "scaling", "efficient", "sparse", "dense", "prior", "posterior", "likelihood", "objective", "regularization"]


def real(name: str) -> str:
    return (REAL / name).read_text(encoding="utf-8")


def _math(tex: str, mid: str, display: str = "inline") -> str:
    # The MathML is what makes real pages big; the parser must never read it.
    return (
        f'<math id="{mid}" class="ltx_Math" alttext="{escape(tex)}" display="{display}" intent=":literal">'
        f"<semantics><mrow><mi>x</mi><mo>=</mo><mrow><msub><mi>y</mi><mi>i</mi></msub><mo>+</mo><mn>1</mn>"
        f'</mrow></mrow><annotation encoding="application/x-tex">{escape(tex)}</annotation></semantics></math>'
    )


def _cite_numeric(numbers: list[int]) -> str:
    links = ", ".join(f'<a href="#bib.bib{n}" title="" class="ltx_ref">{n}</a>' for n in numbers)
    return f'<cite class="ltx_cite ltx_citemacro_cite">[{links}]</cite>'


def _section(anchor: str, number: str, title: str, body: str, kind: str = "section") -> str:
    tag = "h2" if kind in ("section", "appendix") else "h3"
    return (
        f'<section id="{anchor}" class="ltx_{kind}">\n<{tag} class="ltx_title ltx_title_{kind}">'
        f'<span class="ltx_tag ltx_tag_{kind}">{number} </span>{escape(title)}</{tag}>\n{body}\n</section>\n'
    )


def _para(anchor: str, inner: str) -> str:
    return f'<div id="{anchor}" class="ltx_para">\n<p id="{anchor}.1" class="ltx_p">{inner}</p>\n</div>\n'


def _equation(anchor: str, tex: str, number: str) -> str:
    return (
        f'<table id="{anchor}" class="ltx_equation ltx_eqn_table">\n<tbody><tr class="ltx_equation ltx_eqn_row '
        'ltx_align_baseline">\n<td class="ltx_eqn_cell ltx_eqn_center_padleft"></td>\n'
        f'<td class="ltx_eqn_cell ltx_align_center">{_math(tex, anchor + ".m1", "block")}</td>\n'
        '<td class="ltx_eqn_cell ltx_eqn_center_padright"></td>\n<td rowspan="1" class="ltx_eqn_cell '
        f'ltx_eqn_eqno ltx_align_middle ltx_align_right"><span class="ltx_tag ltx_tag_equation '
        f'ltx_align_right">({number})</span></td></tr></tbody>\n</table>\n'
    )


def _filler(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize() + "."


def article(
    arxiv_id: str,
    title: str,
    authors: list[str],
    abstract: str,
    cited: list[str],
    *,
    extra_sections: int = 0,
    seed: int = 0,
) -> str:
    """The ``<article class="ltx_document">`` of a paper citing the arXiv ids *cited* as [1], [2] ..."""
    rng = random.Random(seed)
    names = '<span class="ltx_author_before">  </span>'.join(
        f'<span class="ltx_creator ltx_role_author"><span class="ltx_personname">{escape(n)}</span></span>'
        for n in authors
    )
    taken = {int(key.removeprefix("bib.bib")) for key in EXCERPT_KEYS}
    numbers = [n for n in range(1, len(cited) + len(taken) + 1) if n not in taken][: len(cited)] or [1]
    intro = _para(
        "S1.p1",
        "Reading papers in a terminal needs structure: sections, equations such as "
        + _math("\\mathcal{L}=\\sum_{i}\\log p(x_{i})", "S1.p1.m1")
        + " and citations "
        + _cite_numeric(numbers[:2])
        + ". Earlier work on the same question "
        + _cite_numeric(numbers[2:3] or numbers[:1])
        + " kept the bibliography apart"
        '<span id="footnote2" class="ltx_note ltx_role_footnote"><sup class="ltx_note_mark">2</sup>'
        '<span class="ltx_note_outer"><span class="ltx_note_content"><sup class="ltx_note_mark">2</sup>'
        '<span class="ltx_tag ltx_tag_note">2</span>A footnote with a '
        '<a href="https://example.org/note" title="" class="ltx_ref ltx_href">link</a>.</span></span></span>.',
    )
    items = "".join(
        f'<li id="S1.I1.i{i}" class="ltx_item" style="list-style-type:none;">'
        f'<span class="ltx_tag ltx_tag_item">•</span><div id="S1.I1.i{i}.p1" class="ltx_para">'
        f'<p class="ltx_p">{text}</p></div></li>'
        for i, text in enumerate(["a paper view with an outline", "find with highlighted hits",
                                  "references as a feed"], start=1)
    )
    section1 = _section(
        "S1", "1", "Introduction",
        intro
        + _equation("S1.E1", "E=mc^{2}", "1")
        + f'<ul id="S1.I1" class="ltx_itemize">{items}</ul>\n'
        + _section("S1.SS1", "1.1", "Contributions",
                   _para("S1.SS1.p1", "We contribute a reader; see Equation "
                         '<a href="#S1.E1" title="" class="ltx_ref"><span class="ltx_text ltx_ref_tag">1</span></a>'
                         " and the lossy matrix "
                         + _math("\\begin{pmatrix}a&b\\\\c&d\\end{pmatrix}", "S1.SS1.p1.m1") + "."),
                   "subsection"),
    )
    section2 = _section("S2", "2", "Data", real("html_2507.00150v1_excerpt.html").split("-->", 1)[1])
    table = (
        '<figure id="S3.T1" class="ltx_table"><figcaption class="ltx_caption ltx_centering">'
        '<span class="ltx_tag ltx_tag_table">Table 1: </span>Results on three benchmarks.</figcaption>'
        '<table id="S3.T1.1" class="ltx_tabular ltx_guessed_headers ltx_align_middle"><thead class="ltx_thead">'
        '<tr class="ltx_tr"><th class="ltx_td ltx_th ltx_th_column">Model</th><th class="ltx_td ltx_th ltx_th_column">'
        'Accuracy</th><th class="ltx_td ltx_th ltx_th_column" colspan="2">Speed (tok/s)</th></tr></thead>'
        '<tbody class="ltx_tbody"><tr class="ltx_tr"><td class="ltx_td">Base</td><td class="ltx_td">71.2</td>'
        '<td class="ltx_td">120</td><td class="ltx_td">±3</td></tr><tr class="ltx_tr"><td class="ltx_td">Ours</td>'
        '<td class="ltx_td"><span class="ltx_text ltx_font_bold">78.9</span></td><td class="ltx_td">95</td>'
        '<td class="ltx_td">±2</td></tr></tbody></table></figure>\n'
    )
    algorithm = (
        '<figure id="alg1" class="ltx_float ltx_float_algorithm ltx_framed ltx_framed_top">'
        '<figcaption class="ltx_caption"><span class="ltx_tag ltx_tag_float">Algorithm 1</span> Greedy reading</figcaption>'
        '<div id="alg1.1" class="ltx_listing ltx_listing">'
        + "".join(
            f'<div id="alg1.l{i}" class="ltx_listingline"><span class="ltx_tag ltx_tag_listingline">{i}:</span>'
            f"{text}</div>"
            for i, text in enumerate(["open the paper", "while not done: scroll", "return notes"], start=1)
        )
        + "</div></figure>\n"
    )
    section3 = _section("S3", "3", "Method", _para("S3.p1", "Our method reads and remembers.") + table + algorithm)
    fillers = []
    for index in range(extra_sections):
        number = index + 4
        paras = "".join(
            _para(f"S{number}.p{p}", _filler(rng, 120) + " " + _math(f"x_{{{p}}}^{{2}}+\\alpha", f"S{number}.p{p}.m1")
                  + " " + _cite_numeric(numbers[:1]) + " " + _filler(rng, 80))
            for p in range(1, 9)
        )
        sub = _section(f"S{number}.SS1", f"{number}.1", "Details", paras, "subsection")
        fillers.append(_section(f"S{number}", str(number), f"Study {index + 1}", paras + sub))
    appendix = _section("A1", "Appendix A", "Proofs", _para("A1.p1", "The proofs are short."), "appendix")
    bib_items = []
    for n, cited_id in zip(numbers, cited, strict=False):
        bib_items.append(
            f'<li id="bib.bib{n}" class="ltx_bibitem"><span class="ltx_tag ltx_tag_bibitem">[{n}]</span>\n'
            f'<span class="ltx_bibblock">A. Author{n} and B. Writer</span>\n'
            f'<span class="ltx_bibblock">A cited paper number {n}.</span>\n'
            f'<span class="ltx_bibblock">arXiv preprint arXiv:{cited_id}, 2025.</span></li>'
        )
    for key, label in zip(EXCERPT_KEYS, ("Bailer-Jones et al. (2021)", "Bland-Hawthorn & Gerhard (2016)",
                                         "Bovy et al. (2012)", "Lindegren et al. (2021a)", "Rybizki et al. (2022)",
                                         "Schönrich et al. (2010)"), strict=True):
        bib_items.append(
            f'<li id="{key}" class="ltx_bibitem"><span class="ltx_tag ltx_tag_bibitem">{escape(label)}</span>\n'
            f'<span class="ltx_bibblock">{escape(label.split(" (")[0])}</span>\n'
            '<span class="ltx_bibblock">Astronomical Journal, 161, 147. '
            f'doi: <a href="https://doi.org/10.3847/{key}" class="ltx_ref">10.3847/{key}</a></span></li>'
        )
    bibliography = (
        '<section id="bib" class="ltx_bibliography"><h2 class="ltx_title ltx_title_bibliography">References</h2>\n'
        f'<ul class="ltx_biblist">\n{"".join(bib_items)}\n</ul></section>\n'
    )
    toc = ('<nav class="ltx_TOC ltx_list_toc ltx_toc_toc"><h6 class="ltx_title ltx_title_contents">Contents</h6>'
           '<ol class="ltx_toclist"><li class="ltx_tocentry"><a href="#S1" class="ltx_ref">1 Introduction</a></li>'
           "</ol></nav>\n")
    return (
        f'<article class="ltx_document ltx_authors_1line">\n<h1 class="ltx_title ltx_title_document">{escape(title)}</h1>\n'
        f'<div class="ltx_authors">{names}</div>\n'
        f'<div id="abstract1" class="ltx_abstract"><h6 class="ltx_title ltx_title_abstract">Abstract</h6>\n'
        f'<p class="ltx_p">{escape(abstract)}</p></div>\n{toc}'
        + section1 + section2 + section3 + "".join(fillers) + appendix + bibliography + "</article>"
    )


def page(arxiv_id: str, article_html: str, *, title: str, version: int = 1) -> str:
    """*article_html* inside the real arXiv page chrome (head, header, infobox, footers)."""
    chrome = real("html_2608.30667v1_conversion_failure.html")
    idv = f"{arxiv_id}v{version}"
    chrome = chrome.replace("<title>Untitled Document</title>", f"<title>{escape(title)}</title>")
    chrome = chrome.replace("2608.30667v1", idv)
    return re.sub(r'<article class="ltx_document">.*?</article>', lambda _: article_html, chrome, flags=re.DOTALL)


def paper_page(arxiv_id: str, title: str, authors: list[str], abstract: str, cited: list[str],
               *, extra_sections: int = 0) -> str:
    return page(arxiv_id, article(arxiv_id, title, authors, abstract, cited, extra_sections=extra_sections),
                title=title)


def no_html_page(idv: str) -> str:
    """What arXiv sends (with 404) when there is no HTML: the real template rendered in the site chrome."""
    template = real("no_html_template_arxiv-browse.html.j2")
    body = template.split("{%- block content -%}", 1)[1].split("{%- endblock -%}", 1)[0]
    body = body.replace("{{arxiv_id.idv}}", escape(idv))
    return f"<!DOCTYPE html><html lang=\"en\"><head><title>No HTML</title></head><body><main>{body}</main></body></html>"


def long_page(target_bytes: int = 2_000_000) -> str:
    """A ~40-page paper of about *target_bytes* (for the conversion benchmark)."""
    sections = 4
    while True:
        html = paper_page("2501.00001", "A long paper", ["A. Long", "B. Longer"], "Long abstract. " * 20,
                          ["2501.00002", "2501.00003", "2501.00004"], extra_sections=sections)
        if len(html) >= target_bytes or sections > 400:
            return html
        sections = max(sections + 1, int(sections * target_bytes / len(html)))
