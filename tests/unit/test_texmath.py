"""tex_to_unicode / plain_text: the TeX of arXiv abstracts as terminal text."""

from __future__ import annotations

import re
import string
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from tui.services.formats.texmath import plain_text, tex_to_unicode

SEEDS = Path("/work/shared/seeds")

CASES: list[tuple[str, str]] = [
    # straight from the seed abstracts
    (r"represents the $U(1)$ degree of freedom", "represents the U(1) degree of freedom"),
    (r"useful features (\eg colors) by being", "useful features (e.g. colors) by being"),
    (r"the time-independent Schr\"odinger equation", "the time-independent Schrödinger equation"),
    (r"by more than 45\% on the ImageNet dataset", "by more than 45% on the ImageNet dataset"),
    (r"\url{https://github.com/zhijiejia/SegDoctor}", "https://github.com/zhijiejia/SegDoctor"),
    (r"model of $\text{U(1)}$ lattice gauge theory", "model of U(1) lattice gauge theory"),
    (r"the $\text{SU(2)}_3$ anyonic chain", "the SU(2)₃ anyonic chain"),
    (r"in a {\em finite sample} setting", "in a finite sample setting"),
    (r"performance {\it without} negative pairs", "performance without negative pairs"),
    (r"are spent on {\emph compression} of the input", "are spent on compression of the input"),
    (r"verify this \emph{scan and snap} dynamics", "verify this scan and snap dynamics"),
    (r"an apparently na\"{\i}ve ensembling technique", "an apparently naïve ensembling technique"),
    (r"termed Fr\'echet Cumulative Covariance", "termed Fréchet Cumulative Covariance"),
    (r"with H\"older-continuous Hessians", "with Hölder-continuous Hessians"),
    (
        r"\textcolor[rgb]{1, 0, 0}{Code available at http://www.bhchen.cn}",
        "Code available at http://www.bhchen.cn",
    ),
    # Greek
    (r"$\alpha + \beta = \gamma$", "α + β = γ"),
    (r"$\Gamma \Delta \Theta \Lambda \Xi \Pi \Sigma \Phi \Psi \Omega$", "Γ Δ Θ Λ Ξ Π Σ Φ Ψ Ω"),
    (r"$\epsilon$-greedy with $\varepsilon \to 0$", "ε-greedy with ε → 0"),
    (r"$\mu, \sigma, \tau, \omega, \pi, \rho, \phi, \chi, \psi$", "μ, σ, τ, ω, π, ρ, φ, χ, ψ"),
    # operators and symbols
    (r"$a \times b \leq c \geq d \neq e \approx f$", "a × b ≤ c ≥ d ≠ e ≈ f"),
    (r"$n \to \infty$, $x \rightarrow y \leftarrow z$", "n → ∞, x → y ← z"),
    (r"$\pm 1 \cdot 2$, $x \sim p$, $x \in X$", "± 1 · 2, x ~ p, x ∈ X"),
    (r"$\sum_i \partial_i \nabla f$ and $\ell_2$", "∑ᵢ ∂ᵢ ∇ f and ℓ₂"),
    (r"$\mathbb{R}^n$, $\mathbb{N}$, $\mathbb{Z}$, $\mathbb{Q}$, $\mathbb{C}$", "ℝⁿ, ℕ, ℤ, ℚ, ℂ"),
    (r"$\sqrt{x}$ and $\sqrt{n+1}$", "√x and √(n+1)"),
    (r"$\log n$, $\exp(x)$, $\max_i$, $\sin\theta$", "log n, exp(x), maxᵢ, sinθ"),
    (r"$\mathcal{O}(n \log n)$", "O(n log n)"),
    (r"$\frac{1}{2}$ and $\frac{n+1}{k}$", "1/2 and (n+1)/k"),
    (r"$\tilde{O}(n)$ and $\hat{x}$", "Õ(n) and x̂"),
    # sub/superscripts
    (r"$O(L^6)$ scaling", "O(L⁶) scaling"),
    ("O(L^6) scaling, 10^6 samples, O(n^2)", "O(L⁶) scaling, 10⁶ samples, O(n²)"),
    (r"$x^{2}$, $x_i$, x_i, $x_{12}$", "x², xᵢ, xᵢ, x₁₂"),
    (r"$2^{-10}$ and $x^{n+1}$", "2⁻¹⁰ and xⁿ⁺¹"),
    (r"$e^{i\pi}$ and $x^q$ and $x_{\alpha}$", "e^(iπ) and x^q and x_α"),
    (r"$a_{\text{max}}$ and $W^\top$ and $90^\circ$", "aₘₐₓ and Wᵀ and 90°"),
    # outside math, snake_case names and URLs are ordinary text
    ("see my_model_v2 and https://x.org/a_b~c", "see my_model_v2 and https://x.org/a_b~c"),
    # markup that keeps its content
    (r"\emph{x} \textbf{y} \textit{z} \texttt{w} \mathrm{v}", "x y z w v"),
    (r"\href{https://a.org/x_y}{the site}", "the site (https://a.org/x_y)"),
    (r"\url{https://a.org/x\_y}", "https://a.org/x_y"),
    # escapes, ties, dashes, quotes
    (r"\% \& \_ \$ \#", "% & _ $ #"),
    ("Fig.~3", "Fig. 3"),
    ("pages 1--10 --- or not", "pages 1–10 — or not"),
    ("``quoted''", "“quoted”"),
    # accents
    (r"Schr\"{o}dinger", "Schrödinger"),
    (r"caf\'e, \`a, \^o, \~n, \=a", "café, à, ô, ñ, ā"),
    (r"Fran\c{c}ois, \v{C}ech, \H{o}, \u{g}", "François, Čech, ő, ğ"),
    (r"Erd\H{o}s, \L{}\'od\'z, \ss, \o, \aa", "Erdős, Łódź, ß, ø, å"),
    # abbreviation macros never double the dot
    (r"\eg, \ie, \etc, \etc. and \etal.", "e.g., i.e., etc., etc. and et al."),
    # \( \) delimiters
    (r"\(\alpha\) and \[x_1\]", "α and x₁"),
    # unknown commands keep their name
    (r"the \foo method", "the foo method"),
    (r"\unknown{arg} rest", "unknownarg rest"),
]


@pytest.mark.parametrize(("tex", "expected"), CASES)
def test_tex_to_unicode(tex: str, expected: str) -> None:
    assert tex_to_unicode(tex) == expected


MALFORMED: list[tuple[str, list[str]]] = [
    ("open { brace and more words", ["open", "brace", "and", "more", "words"]),
    ("close } brace words", ["close", "brace", "words"]),
    ("it costs $5 and more", ["it costs $5 and more"]),
    ("unclosed $x + y words", ["x + y words"]),
    ("trailing backslash \\", ["trailing backslash"]),
    (r"\frac{a}", ["a"]),
    (r"\sqrt[3", ["[3"]),
    (r"\href{https://x.org}", ["https://x.org"]),
    (r"\url{https://x.org/never_closed", ["https://x.org/never_closed"]),
    (r"x^", ["x"]),
    (r"$x^$ words", ["x", "words"]),
    (r"$x_{$ words", ["x", "words"]),
    (r"\textbf{\emph{nested {deep {deeper}}}} words", ["nested deep deeper words"]),
    (r"\"", [""]),
    (r"\verb", ["verb"]),
    ("{" * 500 + "core" + "}" * 500, ["core"]),
    ("{" * 500 + "core", ["core"]),
    ('\\"' * 2000 + " tail", ["tail"]),
    ("$" * 501 + "words", ["words"]),
]


@pytest.mark.parametrize(("tex", "kept"), MALFORMED, ids=[f"malformed-{i}" for i in range(len(MALFORMED))])
def test_malformed_tex_keeps_its_words(tex: str, kept: list[str]) -> None:
    out = tex_to_unicode(tex)
    for piece in kept:
        assert piece in out


def test_plain_text_collapses_whitespace() -> None:
    assert plain_text("  A  \n\t$\\alpha$\n\n  model~here ") == "A α model here"
    assert plain_text("") == ""


def test_empty_and_plain_strings_are_returned_as_is() -> None:
    assert tex_to_unicode("") == ""
    text = "A plain abstract, with 42 numbers (and parentheses)."
    assert tex_to_unicode(text) == text


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed pages not available")
def test_seed_abstracts_lose_their_markup() -> None:
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.iterdir()))
    out = tex_to_unicode(text)
    for leftover in ("\\%", '\\"', "\\eg", "\\emph", "\\url", "$U(1)$", "{\\em"):
        assert leftover in text, leftover  # the seeds do contain it ...
        assert leftover not in out, leftover  # ... and the output does not
    # every plain word of the input survives
    for word in re.findall(r"(?<![\\\w])[A-Za-z]{4,}(?![\w{])", text)[:2000]:
        assert word in out


def test_large_input_is_linear() -> None:
    # A guard against quadratic behaviour (which would take minutes), not a speed
    # target: figures belong in benchmarks/.
    chunk = r"$\alpha_{i}^{2}$ \emph{x} Schr\"odinger 45\% {\em y} \sqrt[ x_i $ { } \url{ "
    text = (chunk * (100_000 // len(chunk) + 1))[:100_000]
    started = time.perf_counter()
    tex_to_unicode(text)
    assert time.perf_counter() - started < 2.0


def test_module_does_not_import_textual() -> None:
    code = "import sys, tui.services.formats.texmath; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


TEXISH = st.lists(
    st.sampled_from(
        list(string.ascii_letters + string.digits + " \\{}$^_~-`'[]().,%&#\"\n")
        + [
            "\\alpha",
            "\\frac",
            "\\sqrt",
            "\\url",
            "\\href",
            "\\emph",
            "\\'",
            '\\"',
            "\\(",
            "\\)",
            "\\mathbb",
            "\\textcolor",
            "\\verb",
            "\\eg",
            "\\ie",
            "é",
            "α",
        ]
    ),
    max_size=120,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXISH)
def test_never_raises_and_stays_short(tex: str) -> None:
    out = tex_to_unicode(tex)
    assert isinstance(out, str)
    assert len(out) <= 2 * len(tex) + 8


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=300))
def test_plain_ascii_is_unchanged(text: str) -> None:
    assume(not set(text) & set("\\$^_~{}`"))
    assume("--" not in text and "''" not in text)
    assert tex_to_unicode(text) == text


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.from_regex(r"[A-Za-z]{3,8}", fullmatch=True),
            st.text(alphabet="{}$~%&# ", min_size=1, max_size=3),
        ),
        max_size=20,
    )
)
def test_words_survive_noise(pieces: list[tuple[str, str]]) -> None:
    tex = "".join(word + noise for word, noise in pieces)
    out = tex_to_unicode(tex)
    for word, _ in pieces:
        assert word in out


_PIECES = st.sampled_from(["\\", "$", "{", "}", "^", "_", "~", "`", "'", "-", "www.a.b", "http://x.y/", " "])


@given(st.lists(st.characters(codec="utf-8").map(str) | _PIECES).map("".join))
@example("pages 3--5")
@example("say ''hi''")
@example("x_i in $\\mathbb{R}$ ~ 10^6")
def test_text_without_a_tex_mark_is_what_the_converter_would_return(text: str) -> None:
    """The quick test in front of the converter (it keeps the converter out of start-up) never
    skips text the converter would change."""
    from tui.services.formats.texmath import may_hold_tex
    from tui.services.formats.texmath_scan import convert

    if not may_hold_tex(text):
        assert convert(text) == text
    assert tex_to_unicode(text) == convert(text)
