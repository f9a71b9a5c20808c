"""Citation keys, name splitting and the BibTeX / BibLaTeX / APA / Markdown formats."""

from __future__ import annotations

import json
import re
import string
import subprocess
import sys
import unicodedata
from datetime import UTC, datetime

import bibtexparser
import pytest
from anyascii import anyascii
from bibtexparser import middlewares
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.models import Author, Paper
from tui.services.formats.bibtex import biblatex, bibtex, bibtex_title
from tui.services.formats.citation_keys import citation_key
from tui.services.formats.citations import EXPORT_FORMATS, FORMATS, apa, export, markdown_link, plain, render
from tui.services.formats.latex_encode import unsafe_commands
from tui.services.formats.person_names import parse_name, split_name
from tui.services.formats.texmath import plain_text


def make_paper(
    title: str = "Attention Is All You Need",
    names: tuple[str, ...] = ("Ashish Vaswani", "Noam Shazeer", "Niki Parmar"),
    *,
    paper_id: str = "1706.03762",
    published: datetime | None = datetime(2017, 6, 12, tzinfo=UTC),
    submitted: datetime | None = None,
) -> Paper:
    return Paper(
        id=paper_id,
        title=title,
        authors=tuple(Author(n) for n in names),
        published_at=published,
        submitted_at=submitted,
    )


# -- decoding what we wrote -----------------------------------------------------------
#
# Titles and names are written as plain Unicode re-encoded into whitelisted
# LaTeX (tui/services/formats/latex_encode.py). Reading them back through the project's
# TeX reader and comparing transliterated letters checks nothing was lost or
# garbled, whatever the encoding picked for a character.


def decode(value: str) -> str:
    """A BibTeX value back to readable text (protective braces dropped, commands read)."""
    return plain_text(value)


def same_text(written: str, original: str) -> bool:
    """Whether a decoded field says what *original* (TeX-ish network text) said."""

    def norm(text: str, form: str) -> str:
        # Format characters (tags, joiners) are invisible and are not written.
        visible = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
        return re.sub(r"[^a-z0-9]+", "", anyascii(unicodedata.normalize(form, visible)).lower())  # type: ignore[arg-type]

    # Compatibility forms may be written either way (µ as Greek mu, 〸 as "10"); CJK words are capitalised.
    return any(norm(decode(written), form) == norm(plain_text(original), form) for form in ("NFC", "NFKC"))


def parse_bib(text: str) -> bibtexparser.Library:
    library = bibtexparser.parse_string(
        text, append_middleware=[middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()]
    )
    assert library.failed_blocks == []
    return library


def family_of(parts: middlewares.NameParts) -> str:
    return " ".join(parts.von + parts.last)


# -- names --------------------------------------------------------------------------

NAMES: list[tuple[str, str, str]] = [
    # (name, given, family)
    ("Ashish Vaswani", "Ashish", "Vaswani"),
    ("Jan van der Berg", "Jan", "van der Berg"),
    ("Ludwig van Beethoven", "Ludwig", "van Beethoven"),
    ("María José de la Cruz", "María José", "de la Cruz"),
    ("Juan de la Fuente García", "Juan", "de la Fuente García"),
    ("Luc Van Gool", "Luc", "Van Gool"),
    ("Valentin De Bortoli", "Valentin", "De Bortoli"),
    ("Mohamed bin Salman", "Mohamed", "bin Salman"),
    ("Jean-Baptiste Lemaître", "Jean-Baptiste", "Lemaître"),
    ("Björn Ommer", "Björn", "Ommer"),
    ("Sepp Hochreiter Jr.", "Sepp", "Hochreiter"),
    ("Hochreiter, Jr., Sepp", "Sepp", "Hochreiter"),
    ("Martin Luther King, Jr.", "Martin Luther", "King"),
    ("Vaswani, Ashish", "Ashish", "Vaswani"),
    ("van der Berg, Jan", "Jan", "van der Berg"),
    ("Plato", "", "Plato"),
    ("van Gogh", "", "van Gogh"),
    ("O'Neil", "", "O'Neil"),
    ("Shaquille O'Neal", "Shaquille", "O'Neal"),
    # written given-first by arXiv, like every other name
    ("Zhang Wei", "Zhang", "Wei"),
    ("Le Song", "Le", "Song"),
    ("Nguyễn Văn A", "Nguyễn Văn", "A"),
    ("Nguyen Van Minh", "Nguyen Van", "Minh"),
    # CJK script: whole as family without a space, family first with one
    ("王小明", "", "王小明"),
    ("王 小明", "小明", "王"),
    ("Gemini Team", "", "Gemini Team"),
    ("Research and Development Group", "", "Research and Development Group"),
    ("danah boyd", "danah", "boyd"),
    ("  Ashish   Vaswani ", "Ashish", "Vaswani"),
]


@pytest.mark.parametrize(("name", "given", "family"), NAMES)
def test_split_name(name: str, given: str, family: str) -> None:
    assert split_name(name) == (given, family)


@pytest.mark.parametrize(
    ("name", "suffix"),
    [
        ("Sepp Hochreiter Jr.", "Jr."),
        ("Hochreiter, Jr., Sepp", "Jr."),
        ("Hochreiter, Sepp, III", "III"),
        ("Martin Luther King, Jr.", "Jr."),
        ("Ashish Vaswani", ""),
    ],
)
def test_parse_name_keeps_the_suffix(name: str, suffix: str) -> None:
    assert parse_name(name).suffix == suffix


def test_group_authors_are_marked() -> None:
    assert parse_name("Gemini Team").group
    assert parse_name("Simon and Schuster").group
    assert not parse_name("Jan van der Berg").group


# -- keys ---------------------------------------------------------------------------

KEYS: list[tuple[Paper, str]] = [
    (make_paper(), "vaswani2017attention"),
    (
        make_paper(
            "BERT: Pre-training of Deep Bidirectional Transformers",
            ("Jacob Devlin",),
            published=datetime(2018, 10, 11, tzinfo=UTC),
        ),
        "devlin2018bert",
    ),
    (make_paper("On the Difficulty of Training", ("Jan van der Berg",)), "vanderberg2017difficulty"),
    (make_paper("Über Quanten", ("Jean-Baptiste Lemaître",)), "lemaitre2017uber"),
    (make_paper("The $\\alpha$-Net Model", ("Björn Ommer",)), "ommer2017net"),
    (make_paper("How Powerful are Graph Neural Networks?", ("Keyulu Xu",)), "xu2017powerful"),
    (make_paper("3D Gaussians", ("Müßig, Ørjan",)), "mussig20173d"),
    (make_paper("Sepp", ("Sepp Hochreiter Jr.",)), "hochreiter2017sepp"),
    (make_paper("X", ("Shaquille O'Neal",)), "oneal2017x"),
    (make_paper("中文标题 Vision", ("王小明",)), "anon2017vision"),
    (make_paper("Title", ("Zhang 王",)), "anon2017title"),
    (make_paper("Title", ()), "anon2017title"),
    (make_paper("The", ("A B",), published=None), "bnd"),
    (make_paper("Late", ("A B",), published=None, submitted=datetime(2024, 1, 2, tzinfo=UTC)), "b2024late"),
]


@pytest.mark.parametrize(("paper", "key"), KEYS, ids=[key for _, key in KEYS])
def test_citation_key(paper: Paper, key: str) -> None:
    assert citation_key(paper) == key


def test_clashing_keys_get_letter_suffixes() -> None:
    taken: set[str] = set()
    keys = [citation_key(make_paper(), taken) for _ in range(29)]
    assert keys[:4] == [
        "vaswani2017attention",
        "vaswani2017attentiona",
        "vaswani2017attentionb",
        "vaswani2017attentionc",
    ]
    assert keys[26:] == ["vaswani2017attentionz", "vaswani2017attentionaa", "vaswani2017attentionab"]
    assert taken == set(keys)
    # without a set the key is a pure function of the paper
    assert citation_key(make_paper()) == "vaswani2017attention"


# -- BibTeX / BibLaTeX --------------------------------------------------------------


def test_bibtex_has_the_arxiv_layout() -> None:
    assert bibtex(make_paper(), primary_class="cs.CL") == (
        "@misc{vaswani2017attention,\n"
        "      title={Attention Is All You Need},\n"
        "      author={Ashish Vaswani and Noam Shazeer and Niki Parmar},\n"
        "      year={2017},\n"
        "      howpublished={arXiv:1706.03762 [cs.CL]},\n"
        "      eprint={1706.03762},\n"
        "      archivePrefix={arXiv},\n"
        "      primaryClass={cs.CL},\n"
        "}\n"
    )


def test_bibtex_omits_unknown_primary_class_and_takes_a_key() -> None:
    entry = parse_bib(bibtex(make_paper(), key="mine")).entries[0]
    assert entry.key == "mine"
    assert "primaryClass" not in entry.fields_dict
    with pytest.raises(ValueError):
        bibtex(make_paper(), key="bad key,")


TITLES: list[tuple[str, str]] = [
    (
        "BERT: Pre-training of Deep Bidirectional Transformers",
        "{BERT}: Pre-training of Deep Bidirectional Transformers",
    ),
    ("Attention Is All You Need", "Attention Is All You Need"),
    ("$O(n)$ Attention & 100% Recall_test", "O(n) Attention \\& 100\\% Recall\\_test"),
    ("$\\Sigma$-Mem and $\\beta$-OPSD", "{$\\Sigma$}-Mem and {{$\\beta$}-OPSD}"),
    ("$\\input{/etc/passwd}$ $\\csname x\\endcsname$", "input/etc/passwd csname xendcsname"),
    ("Garc\\'{\\i}a $O(n^2)$ for $x_{ij}$", "Garc{\\'\\i}a O(n{$^{2}$}) for x{$_{ij}$}"),
    (
        "GANs and StudioGAN in PyTorch on CIFAR-10 with LLMs",
        "{GANs} and {StudioGAN} in {PyTorch} on {CIFAR-10} with {LLMs}",
    ),
    ("Self-Attention (ImageNet) 3D", "Self-Attention ({ImageNet}) {3D}"),
    (
        "a {b} ~c^ \\d #1",
        "a b c\\textasciicircum{} \\#1",  # read as TeX: a group, a tie, an accent
    ),
    ("$\\mathbb{R}^{n}$ embeddings of $U(1)$", "R{$^{n}$} embeddings of U(1)"),
    ("Costs $5 only", "Costs \\$5 only"),
    ("$x{$ unbalanced", "x unbalanced"),
    ("$ $ blank", "blank"),
    ("Line\n  broken  title", "Line broken title"),
]


@pytest.mark.parametrize(("title", "expected"), TITLES)
def test_bibtex_title(title: str, expected: str) -> None:
    assert bibtex_title(title) == expected
    assert unsafe_commands(bibtex_title(title)) == []


ROUND_TRIP_NAMES = [name for name, _, _ in NAMES] + ["Simon and Schuster", "Anne Smith-Jones", "X, Jr."]


@pytest.mark.parametrize("writer", [bibtex, biblatex])
@pytest.mark.parametrize("title", [title for title, _ in TITLES])
def test_entries_round_trip_through_bibtexparser(writer: object, title: str) -> None:
    paper = make_paper(title, tuple(ROUND_TRIP_NAMES))
    text = writer(paper, primary_class="cs.LG")  # type: ignore[operator]
    library = parse_bib(text)
    assert len(library.entries) == 1
    fields = library.entries[0].fields_dict
    assert same_text(fields["title"].value, title)
    authors = fields["author"].value
    assert len(authors) == len(ROUND_TRIP_NAMES)
    for parts, name in zip(authors, ROUND_TRIP_NAMES, strict=True):
        expected = parse_name(name)
        assert same_text(family_of(parts), expected.family), name
        assert same_text(" ".join(parts.first), expected.given), name
        assert same_text(" ".join(parts.jr), expected.suffix), name
    assert fields["eprint"].value == "1706.03762"
    if writer is bibtex:
        assert fields["year"].value == "2017"
        assert fields["primaryClass"].value == "cs.LG"
    else:
        assert library.entries[0].entry_type == "online"
        assert fields["date"].value == "2017-06-12"
        assert fields["eprinttype"].value == "arxiv"
        assert fields["eprintclass"].value == "cs.LG"
        assert "doi" not in fields and "url" not in fields  # each would repeat the id


def test_papers_without_an_arxiv_id() -> None:
    paper = make_paper(paper_id="local-3f2a", published=None, submitted=datetime(2025, 3, 1, tzinfo=UTC))
    for text, kind in ((bibtex(paper), "misc"), (biblatex(paper), "misc")):
        entry = parse_bib(text).entries[0]
        assert entry.entry_type == kind
        assert entry.fields_dict["note"].value == "No arXiv identifier"
        for absent in ("eprint", "archivePrefix", "url", "doi", "eprinttype"):
            assert absent not in entry.fields_dict
    assert "arXiv" not in plain(paper) and "doi.org" not in apa(paper)
    assert markdown_link(paper) == "Attention Is All You Need"


def test_old_style_arxiv_ids() -> None:
    paper = make_paper(paper_id="hep-th/9901001")
    entry = parse_bib(biblatex(paper)).entries[0]
    assert entry.fields_dict["eprint"].value == "hep-th/9901001"
    assert entry.fields_dict["eprinttype"].value == "arxiv"
    assert parse_bib(bibtex(paper)).entries[0].fields_dict["howpublished"].value == "arXiv:hep-th/9901001"


# -- prose formats ------------------------------------------------------------------


def test_apa() -> None:
    paper = make_paper(
        names=("Ashish Vaswani", "María José de la Cruz", "Jean-Baptiste Lemaître", "Sepp Hochreiter Jr.")
    )
    assert apa(paper) == (
        "Vaswani, A., de la Cruz, M. J., Lemaître, J.-B., & Hochreiter, S., Jr. (2017). "
        "Attention Is All You Need. arXiv. https://doi.org/10.48550/arXiv.1706.03762"
    )
    assert apa(make_paper(names=("Ashish Vaswani",))).startswith("Vaswani, A. (2017). Attention")
    assert apa(make_paper(names=("A Bee", "C Dee"))).startswith("Bee, A., & Dee, C. (2017).")
    assert apa(make_paper(names=(), published=None)).startswith("Attention Is All You Need. (n.d.). arXiv.")
    assert apa(make_paper("Why?", names=("A Bee",))).startswith("Bee, A. (2017). Why? arXiv.")


@pytest.mark.parametrize("count", [20, 21, 30])
def test_apa_author_limit(count: int) -> None:
    names = tuple(f"Given{i} Family{chr(65 + i % 26)}{i}" for i in range(count))
    authors = apa(make_paper(names=names)).split(" (2017).")[0]
    last = f"Family{chr(65 + (count - 1) % 26)}{count - 1}, G."
    assert authors.endswith(last)
    listed = re.findall(r"Family\w+", authors)
    if count <= 20:
        assert len(listed) == count and ", & " + last in authors and "…" not in authors
    else:
        assert len(listed) == 20 and ", … " + last in authors and "&" not in authors


def test_markdown_link_escapes_brackets() -> None:
    paper = make_paper("A [Bracketed] \\textbackslash{} title with $\\alpha$")
    assert markdown_link(paper) == "[A \\[Bracketed\\] \\\\ title with α](https://arxiv.org/abs/1706.03762)"


def test_plain() -> None:
    names = ("Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit")
    assert plain(make_paper(names=names)) == (
        "Ashish Vaswani, Noam Shazeer, Niki Parmar et al. (2017). Attention Is All You Need. arXiv:1706.03762"
    )
    assert (
        plain(make_paper("$O(n)$ Attention", names=("A B",)))
        == "A B (2017). O(n) Attention. arXiv:1706.03762"
    )


# -- registry and export ------------------------------------------------------------


def test_render_dispatches_and_filters_options() -> None:
    paper = make_paper()
    assert set(FORMATS) == {"bibtex", "biblatex", "apa", "markdown", "plain", "key"}
    assert render(paper, "bibtex", primary_class="cs.CL") == bibtex(paper, primary_class="cs.CL")
    assert render(paper, "apa", primary_class="cs.CL") == apa(paper)
    assert render(paper, "key") == "vaswani2017attention"
    assert render(paper, "biblatex", key="k1").startswith("@online{k1,")
    with pytest.raises(ValueError) as error:
        render(paper, "ris")
    for name in FORMATS:
        assert name in str(error.value)
    with pytest.raises(TypeError):
        render(paper, "bibtex", colour="red")


def _generated_papers(count: int) -> list[Paper]:
    surnames = ["Vaswani", "van der Berg", "王小明", "Lemaître", "Smith"]
    titles = ["Attention Is All You Need", "The Attention Model", "Attention, please", "Deep Nets"]
    return [
        make_paper(
            titles[i % len(titles)],
            (f"Ann {surnames[i % len(surnames)]}",),
            paper_id=f"2401.{i:05d}",
            published=datetime(2020 + i % 2, 1, 1, tzinfo=UTC),
        )
        for i in range(count)
    ]


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_export_gives_unique_keys(fmt: str) -> None:
    papers = _generated_papers(500)
    library = parse_bib(export(papers, fmt, primary_classes={"2401.00000": "cs.LG"}))
    keys = [entry.key for entry in library.entries]
    assert len(keys) == 500 and len(set(keys)) == 500
    assert [entry.fields_dict["eprint"].value for entry in library.entries] == [p.id for p in papers]
    assert library.entries[0].fields_dict["eprint" if fmt == "bibtex" else "eprintclass"]
    assert ("primaryClass" in library.entries[0].fields_dict) == (fmt == "bibtex")


def test_export_json_and_markdown() -> None:
    papers = _generated_papers(6)
    data = json.loads(export(papers + papers[:1], "json"))  # repeats are written once
    assert [item["id"] for item in data] == [p.id for p in papers]
    assert len({item["key"] for item in data}) == 6
    assert data[0]["key"] == citation_key(papers[0])
    assert data[0]["authors"] == [{"name": "Ann Vaswani", "hf_user": None}]
    lines = export(papers, "markdown").splitlines()
    assert lines == [f"- {markdown_link(p)}" for p in papers]
    assert export(papers, "apa").splitlines() == [apa(p) for p in papers]
    with pytest.raises(ValueError) as error:
        export(papers, "key")
    assert all(name in str(error.value) for name in EXPORT_FORMATS)


def test_module_does_not_import_textual() -> None:
    code = "import sys, tui.services.formats.citations; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# -- properties ---------------------------------------------------------------------

PRINTABLE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60)
ASCII_PRINTABLE = st.text(alphabet=string.printable, max_size=60)


@settings(max_examples=300, deadline=None)
@given(
    title=st.one_of(PRINTABLE, ASCII_PRINTABLE),
    names=st.lists(st.one_of(PRINTABLE, ASCII_PRINTABLE), max_size=4),
)
def test_any_bibtex_parses_back(title: str, names: list[str]) -> None:
    paper = make_paper(title, tuple(names))
    for text in (bibtex(paper), biblatex(paper)):
        library = parse_bib(text)
        assert len(library.entries) == 1
        fields = library.entries[0].fields_dict
        assert fields["eprint"].value == "1706.03762"
        assert same_text(fields["title"].value, title)
        assert unsafe_commands(text) == [], text
        kept = [name for name in names if plain_text(name)]
        if kept:
            families = [family_of(parts) for parts in fields["author"].value]
            assert len(families) == len(kept)
            for family, name in zip(families, kept, strict=True):
                assert same_text(family, parse_name(plain_text(name)).family), name
        else:
            assert "author" not in fields
    for fmt in FORMATS:
        assert isinstance(render(paper, fmt), str)


def test_prose_formats_have_no_tex_left_overs() -> None:
    paper = make_paper("\\emph{Deep} nets~for $\\alpha$-{BERT} at 50\\%", ("Jos\\'e Garc\\'{\\i}a", "Ann Lee"))
    for text in (apa(paper), plain(paper), markdown_link(paper)):
        for leftover in ("\\", "$", "{", "}", "~"):
            assert leftover not in text, (leftover, text)
    assert apa(paper).startswith("García, J., & Lee, A. (2017). Deep nets for α-BERT at 50%.")
    assert plain(paper).startswith("José García, Ann Lee (2017). Deep nets for α-BERT at 50%.")
