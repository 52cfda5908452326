"""Credit trailers. The lines are copied from Apache Kafka's history, typos included."""

import random

import pytest

from projects.sync.trailers import ParsedCredit, ParsedPerson, parse_credits, parse_person

REVIEWER = "reviewer"
CO_AUTHOR = "co_author"
SIGNED_OFF = "signed_off"
AUTHOR_LINE = "author_line"


def people(message: str) -> list[tuple[str, str]]:
    return [(credit.name, credit.email) for credit in parse_credits(message)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Chia-Ping Tsai <chia7712@gmail.com>", ("Chia-Ping Tsai", "chia7712@gmail.com")),
        ("Chia-Ping Tsai <chia7712@apache.org>", ("Chia-Ping Tsai", "chia7712@apache.org")),
        ("Chia-Ping Tsai", ("Chia-Ping Tsai", "")),
        ("Chia-Ping Tsai <chia7712@gmail.com", ("Chia-Ping Tsai", "chia7712@gmail.com")),
        ("Chia-Ping Tsai<chia7712@gmail.com>", ("Chia-Ping Tsai", "chia7712@gmail.com")),
        ("Chia-Ping Tsai chia7712@gmail.com", ("Chia-Ping Tsai", "chia7712@gmail.com")),
        ("Chia-Ping Tsai <chia771@gmail.com>", ("Chia-Ping Tsai", "chia771@gmail.com")),
        ("Chia-Ping Tasi <chia7712@gmail.com>", ("Chia-Ping Tasi", "chia7712@gmail.com")),
    ],
)
def test_it_reads_every_spelling_of_a_prolific_reviewer_as_a_name_and_email(line, expected):
    message = f"KAFKA-17000: Fix a thing (#16000)\n\nReviewers: {line}\n"

    assert parse_credits(message) == [ParsedCredit(REVIEWER, *expected, f"Reviewers: {line}")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # Several people, one line.
        (
            "Jane Doe <jane@example.org>, Bob <bob@apache.org>",
            [("Jane Doe", "jane@example.org"), ("Bob", "bob@apache.org")],
        ),
        # Names without emails.
        ("Matthias J. Sax, Guozhang Wang", [("Matthias J. Sax", ""), ("Guozhang Wang", "")]),
        # An email without a name, bracketed or bare.
        ("<jane@x.org>", [("", "jane@x.org")]),
        (
            "cooper.tseng@suse.com, Manikumar Reddy <manikumar.reddy@gmail.com>",
            [("", "cooper.tseng@suse.com"), ("Manikumar Reddy", "manikumar.reddy@gmail.com")],
        ),
        # "?" in place of ">".
        ("Jun Rao <junrao@gmail.com?", [("Jun Rao", "junrao@gmail.com")]),
        # No space before "<".
        (
            "Kamal Chandraprakash<kamal@gmail.com>",
            [("Kamal Chandraprakash", "kamal@gmail.com")],
        ),
        # Bare emails after names.
        (
            "Chia-Ping Tsai chia7712@gmail.com, Jun Rao junrao@gmail.com",
            [("Chia-Ping Tsai", "chia7712@gmail.com"), ("Jun Rao", "junrao@gmail.com")],
        ),
        # Extra spaces around the comma.
        (
            "Sriharsha Chintalapani <sriharsha@apache.org> , Jeff Huang",
            [("Sriharsha Chintalapani", "sriharsha@apache.org"), ("Jeff Huang", "")],
        ),
        # A login for a name.
        (
            "yangy0000, Ritika Reddy <rreddy@confluent.io>",
            [("yangy0000", ""), ("Ritika Reddy", "rreddy@confluent.io")],
        ),
        # Trailing punctuation at the end of the line or of a name.
        ("Jason Gustafson <jason@confluent.io>.", [("Jason Gustafson", "jason@confluent.io")]),
        ("Jun Rao;", [("Jun Rao", "")]),
        ("Matthias J. Sax., Ismael Juma,", [("Matthias J. Sax", ""), ("Ismael Juma", "")]),
        # " and " between people.
        (
            "Ismael Juma <ismael@juma.me.uk> and Jun Rao <junrao@gmail.com>",
            [("Ismael Juma", "ismael@juma.me.uk"), ("Jun Rao", "junrao@gmail.com")],
        ),
        (
            "Ismael Juma, Ewen Cheslack-Postava and Guozhang Wang",
            [("Ismael Juma", ""), ("Ewen Cheslack-Postava", ""), ("Guozhang Wang", "")],
        ),
        # No comma, or a full stop, between two people.
        (
            "Bruno Cadonna <cadonna@confluent.io> Victoria Xia <victoria.xia@confluent.io>",
            [
                ("Bruno Cadonna", "cadonna@confluent.io"),
                ("Victoria Xia", "victoria.xia@confluent.io"),
            ],
        ),
        (
            "Luke Chen <showuon@gmail.com>. Justine Olshan <jolshan@confluent.io>",
            [("Luke Chen", "showuon@gmail.com"), ("Justine Olshan", "jolshan@confluent.io")],
        ),
        # "@login" alone is the login as a name; beside a name it is dropped.
        ("@Kvicii, @SoontaekLim", [("Kvicii", ""), ("SoontaekLim", "")]),
        ("Qichao Chu (@ex172000)", [("Qichao Chu", "")]),
        ("Luke Chen @showuon", [("Luke Chen", "")]),
        ("@eziosudo <eziosudo@gmail.com>", [("eziosudo", "eziosudo@gmail.com")]),
        # An email in parentheses.
        ("Jane Doe (jane@example.org)", [("Jane Doe", "jane@example.org")]),
        # Parentheses that belong to the name stay.
        (
            "Jiangjie (Becket) Qin <becket.qin@gmail.com>",
            [("Jiangjie (Becket) Qin", "becket.qin@gmail.com")],
        ),
        # A comma inside a quoted name.
        ('"Gyeongwon, Do" <dct012@gmail.com>', [("Gyeongwon, Do", "dct012@gmail.com")]),
        # A key typed twice.
        (
            "Luke Chen <showuon@gmail.com>, Reviewers: Mickael Maison <mickael.maison@gmail.com>",
            [("Luke Chen", "showuon@gmail.com"), ("Mickael Maison", "mickael.maison@gmail.com")],
        ),
        ("Reviewers: Manikumar Reddy", [("Manikumar Reddy", "")]),
        # Typos stay as written.
        ("uozhang Wang <wangguoz@gmail.com>", [("uozhang Wang", "wangguoz@gmail.com")]),
        ("Matthias J Sax <matthias@confluentio>", [("Matthias J Sax", "matthias@confluentio")]),
        ("Walker Carlson <<wcarlson@confluent.io>", [("Walker Carlson", "wcarlson@confluent.io")]),
        (
            "Boyang Chen <Boyang Chen <boyang@confluent.io>",
            [("Boyang Chen", "boyang@confluent.io")],
        ),
        # Collapsed whitespace; the email keeps its case.
        ("  Jane \t  Doe   <Jane.Doe@Example.org>  ", [("Jane Doe", "Jane.Doe@Example.org")]),
    ],
)
def test_it_reads_the_variants_found_in_real_reviewer_lines(value, expected):
    assert people(f"Reviewers: {value}") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # Not exactly one "@" with text on both sides: not an email; a name beside it wins.
        ("Arjun Satish <arjunconfluent.io>", [("Arjun Satish", "")]),
        ("Mathew Hogan <mathewdhogan@@users.noreply.github.com>", [("Mathew Hogan", "")]),
        ("Anna Sophie Blee-Goldman <ableegoldman<apache.org>", [("Anna Sophie Blee-Goldman", "")]),
        ("Guillaume Mallet <>", [("Guillaume Mallet", "")]),
        ("Joel Hamill <git config --global user.email>", [("Joel Hamill", "")]),
        # ...and with no name beside it, it is the name.
        ("<jdoe>", [("jdoe", "")]),
        ("<a@@b.org>", [("a@@b.org", "")]),
        ("wangguoz.gmail.com", [("wangguoz.gmail.com", "")]),
        # A name that is itself an email is not a name.
        ("lu.kevin@berkeley.edu <kelu@paypal.com>", [("", "kelu@paypal.com")]),
    ],
)
def test_it_counts_only_a_single_at_sign_with_text_on_both_sides_as_an_email(value, expected):
    assert people(f"Reviewers: {value}") == expected


@pytest.mark.parametrize(
    ("key", "kind"),
    [
        ("Reviewers", REVIEWER),
        ("Reviewer", REVIEWER),
        ("Reviewed-by", REVIEWER),
        ("Reviewed-By", REVIEWER),
        ("Reviewed by", REVIEWER),
        ("REVIEWERS", REVIEWER),
        ("reviewers", REVIEWER),
        # Seen in Kafka: a misspelling and near-synonyms.
        ("Reivewers", REVIEWER),
        ("Reviews", REVIEWER),
        ("Reviewed", REVIEWER),
        ("Co-authored-by", CO_AUTHOR),
        ("Co-Authored-By", CO_AUTHOR),
        ("Co-author", CO_AUTHOR),
        ("Co-Author", CO_AUTHOR),
        ("Co-authors", CO_AUTHOR),
        ("Signed-off-by", SIGNED_OFF),
        ("Author", AUTHOR_LINE),
        ("Authors", AUTHOR_LINE),
    ],
)
def test_it_maps_each_key_to_its_kind(key, kind):
    line = f"{key}: Jane Doe <jane@example.org>"

    assert parse_credits(line) == [ParsedCredit(kind, "Jane Doe", "jane@example.org", line)]


@pytest.mark.parametrize(
    "line",
    [
        "Reviewers:matthias",
        "Reviewers:   matthias",
        "   Reviewers: matthias",
        "\tReviewers: matthias",
        "Reviewers : matthias",
        "rEVIEWERS: matthias",
    ],
)
def test_it_accepts_any_case_indentation_and_spacing_around_the_colon(line):
    assert parse_credits(line) == [ParsedCredit(REVIEWER, "matthias", "", line)]


@pytest.mark.parametrize(
    "message",
    [
        "",
        "MINOR: Fix typo in docs (#12345)\n",
        "KAFKA-1: Subject\n\nA body with no credits at all.\n\nCloses #2 from a/b\n",
        # A key must open its line and end with a colon.
        "Reviewed by Jun Rao <junrao@gmail.com>",
        "See the Reviewers: section of the PR template",
        "The Author field is optional.\nReviewersCount: 2",
        # Unicode case folding does not make a key.
        "Reviewerſ: Jane Doe <jane@example.org>",
    ],
)
def test_it_finds_nothing_in_a_message_without_trailers(message):
    assert parse_credits(message) == []


def test_it_finds_keys_anywhere_in_the_body():
    message = (
        "KAFKA-16513; Add test for WriteTxnMarkers with AlterCluster permission\n"
        "\n"
        "In #15837, we introduced the change to allow calling the API.\n"
        "Author: Nikhil Ramakrishnan <nikrmk@amazon.com>\n"
        "\n"
        "Reviewers: Christo Lolov <lolovc@amazon.com>, Chia-Ping Tsai <chia7712@gmail.com>\n"
        "\n"
        "More text after the reviewers.\n"
        "Co-authored-by: Kirk True <kirk@mustardgrain.com>\n"
        "\n"
        "Closes #15871\n"
    )

    assert parse_credits(message) == [
        ParsedCredit(
            AUTHOR_LINE,
            "Nikhil Ramakrishnan",
            "nikrmk@amazon.com",
            "Author: Nikhil Ramakrishnan <nikrmk@amazon.com>",
        ),
        ParsedCredit(
            REVIEWER,
            "Christo Lolov",
            "lolovc@amazon.com",
            "Reviewers: Christo Lolov <lolovc@amazon.com>, Chia-Ping Tsai <chia7712@gmail.com>",
        ),
        ParsedCredit(
            REVIEWER,
            "Chia-Ping Tsai",
            "chia7712@gmail.com",
            "Reviewers: Christo Lolov <lolovc@amazon.com>, Chia-Ping Tsai <chia7712@gmail.com>",
        ),
        ParsedCredit(
            CO_AUTHOR,
            "Kirk True",
            "kirk@mustardgrain.com",
            "Co-authored-by: Kirk True <kirk@mustardgrain.com>",
        ),
    ]


def test_it_reads_author_lines_of_the_old_merge_tooling():
    message = (
        "MINOR: Correct usage of ConfigException\n\n"
        "Author: Chris Egerton <chrise@confluent.io>\n\n"
        "Reviewers: Gwen Shapira\n\n"
        "Closes #11555 from C0urante/patch-1\n"
    )

    assert parse_credits(message) == [
        ParsedCredit(
            AUTHOR_LINE,
            "Chris Egerton",
            "chrise@confluent.io",
            "Author: Chris Egerton <chrise@confluent.io>",
        ),
        ParsedCredit(REVIEWER, "Gwen Shapira", "", "Reviewers: Gwen Shapira"),
    ]


def test_it_reads_several_authors_on_one_author_line():
    line = (
        "Author: Florian Hussonnois <florian.hussonnois@gmail.com>, "
        "Randall Hauch <rhauch@gmail.com>"
    )

    assert parse_credits(line + "\r\n") == [
        ParsedCredit(AUTHOR_LINE, "Florian Hussonnois", "florian.hussonnois@gmail.com", line),
        ParsedCredit(AUTHOR_LINE, "Randall Hauch", "rhauch@gmail.com", line),
    ]


def test_it_lists_a_person_once_per_line():
    line = (
        "Reviewers: Jun Rao <junrao@gmail.com>, Guozhang Wang, jun rao <JunRao@gmail.com>, "
        "Guozhang Wang, guozhang wang, Ismael Juma <ismael@juma.me.uk>, "
        "Jun Rao <junrao@apache.org>"
    )

    assert people(line) == [
        ("Jun Rao", "junrao@gmail.com"),
        ("Guozhang Wang", ""),
        ("Ismael Juma", "ismael@juma.me.uk"),
        # Another address of the same name is evidence for identity resolution.
        ("Jun Rao", "junrao@apache.org"),
    ]


def test_it_keeps_a_person_repeated_on_another_line():
    line = "Signed-off-by: Greg Harris <gregh@confluent.io>"
    message = f"{line}\n\nMore work.\n\n{line}"

    assert people(message) == [("Greg Harris", "gregh@confluent.io")] * 2


def test_it_continues_a_value_ending_with_a_comma_on_the_next_lines():
    message = (
        "Reviewers: Anna Sophie Blee-Goldman <ableegoldman@apache.org>, "
        "Matthias Sax <mjsax@apache.org>, \r\n"
        "Andrew Schofield <andrew_schofield@live.com>, Kirk True <kirk@kirktrue.pro>\r\n"
        "   Nikita Konev\r\n"
        "\r\n"
        "Closes #1 from someone/branch\r\n"
    )

    credits = parse_credits(message)

    assert [(c.name, c.email) for c in credits] == [
        ("Anna Sophie Blee-Goldman", "ableegoldman@apache.org"),
        ("Matthias Sax", "mjsax@apache.org"),
        ("Andrew Schofield", "andrew_schofield@live.com"),
        ("Kirk True", "kirk@kirktrue.pro"),
        ("Nikita Konev", ""),
    ]
    assert {c.raw for c in credits} == {
        "Reviewers: Anna Sophie Blee-Goldman <ableegoldman@apache.org>, "
        "Matthias Sax <mjsax@apache.org>, \n"
        "Andrew Schofield <andrew_schofield@live.com>, Kirk True <kirk@kirktrue.pro>\n"
        "   Nikita Konev"
    }


def test_it_continues_an_empty_value_one_person_a_line():
    message = (
        "This PR actually catches processing exceptions.\r\n\r\n"
        "Authors:\r\n@Dabz\r\n@sebastienviale\r\n@loicgreffier\r\n\r\n"
        "Reviewers: Apoorv Mittal <apoorvmittal10@gmail.com>, Bruno Cadonna <cadonna@apache.org>"
    )

    credits = parse_credits(message)

    assert [(c.kind, c.name, c.email) for c in credits] == [
        (AUTHOR_LINE, "Dabz", ""),
        (AUTHOR_LINE, "sebastienviale", ""),
        (AUTHOR_LINE, "loicgreffier", ""),
        (REVIEWER, "Apoorv Mittal", "apoorvmittal10@gmail.com"),
        (REVIEWER, "Bruno Cadonna", "cadonna@apache.org"),
    ]
    assert credits[0].raw == "Authors:\n@Dabz\n@sebastienviale\n@loicgreffier"


def test_it_ends_a_continuation_at_the_next_key():
    message = (
        "Author: Lucas Wang <luwang@linkedin.com>, \r\n"
        "Author: Mayuresh Gharat <gharatmayuresh15@gmail.com>\r\n"
        "\r\n"
        "Reviewers: Joel Koshy <jjkoshy@gmail.com>, Jun Rao <junrao@gmail.com>,\n\nCloses #2352\n"
    )

    assert [(c.name, c.raw) for c in parse_credits(message)] == [
        ("Lucas Wang", "Author: Lucas Wang <luwang@linkedin.com>, "),
        ("Mayuresh Gharat", "Author: Mayuresh Gharat <gharatmayuresh15@gmail.com>"),
        ("Joel Koshy", "Reviewers: Joel Koshy <jjkoshy@gmail.com>, Jun Rao <junrao@gmail.com>,"),
        ("Jun Rao", "Reviewers: Joel Koshy <jjkoshy@gmail.com>, Jun Rao <junrao@gmail.com>,"),
    ]


def test_it_does_not_continue_a_value_without_a_trailing_comma():
    message = "Reviewers: Jun Rao <junrao@gmail.com>\nFix the flaky test as well\n"

    assert people(message) == [("Jun Rao", "junrao@gmail.com")]


def test_it_keeps_the_raw_line_as_written_without_its_line_break():
    line = "  reviewers:Jun Rao <junrao@gmail.com?,  Jun Rao <junrao@gmail.com>  "

    credits = parse_credits(f"Subject\r\n\r\n{line}\r\nMore")

    assert credits == [ParsedCredit(REVIEWER, "Jun Rao", "junrao@gmail.com", line)]


def test_it_ignores_squashed_prose_after_an_email():
    line = "Co-authored-by: Kowshik Prakasam <kowshik@gmail.com> Address PR feedback"

    assert people(line) == [("Kowshik Prakasam", "kowshik@gmail.com")]


def test_it_keeps_a_line_without_a_person_out_of_the_credits():
    assert parse_credits("Reviewers: \nReviewers: , ; <> ...\n\nAuthor: ()") == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "Chia-Ping Tsai 蔡嘉平 <chia7712@gmail.com>",
            ("Chia-Ping Tsai 蔡嘉平", "chia7712@gmail.com"),
        ),
        (
            "José Armando García Sancio <jsancio@gmail.com>",
            ("José Armando García Sancio", "jsancio@gmail.com"),
        ),
        (
            "陳昱霖(Yu-Lin Chen) <chenyulin0719@apache.org>",
            ("陳昱霖(Yu-Lin Chen)", "chenyulin0719@apache.org"),
        ),
        ('TingIāu "Ting" Kì <tingiau@example.org>', ('TingIāu "Ting" Kì', "tingiau@example.org")),
        ("Robert Požarickij", ("Robert Požarickij", "")),
    ],
)
def test_it_keeps_non_ascii_names(value, expected):
    assert people(f"Co-authored-by: {value}") == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jane Doe <jane@example.org>", ParsedPerson("Jane Doe", "jane@example.org")),
        ("  'Jane Doe'  ", ParsedPerson("Jane Doe", "")),
        ("jane@example.org.", ParsedPerson("", "jane@example.org")),
        ("<jane@example.org> Jane Doe", ParsedPerson("Jane Doe", "jane@example.org")),
        ("", None),
        ("   ", None),
        ("<", None),
        (">", None),
        ("<>", None),
        ("@", None),
        ("...;", None),
        ("()", None),
    ],
)
def test_it_parses_one_person(text, expected):
    assert parse_person(text) == expected


def test_it_never_raises_on_garbage():
    rng = random.Random(20240607)
    alphabet = "<>@,;:.?()\"' \t\r\n-_aZ蔡é\u200b\ue000\x00ſ" + "Reviewers:" + "Author:"
    pieces = ["Reviewers:", "Co-authored-by:", "Author:", "\n", ",", "<", ">", "@", " and "]

    for _ in range(3000):
        length = rng.randrange(0, 120)
        text = "".join(
            rng.choice(pieces) if rng.random() < 0.2 else rng.choice(alphabet)
            for _ in range(length)
        )
        text += (
            "".join(chr(rng.randrange(0x10FFFF)) for _ in range(rng.randrange(0, 8)))
            .encode("utf-8", "surrogatepass")
            .decode("utf-8", "replace")
        )
        for credit in parse_credits(text):
            assert credit.name or credit.email
            assert credit.raw
        parse_person(text)


@pytest.mark.parametrize(
    "message",
    [
        "Reviewers: " + "a" * 200_000,
        "Reviewers: " + "a" * 200_000 + "@" + "b" * 200_000,
        "Reviewers: " + " " * 200_000 + "x",
        "Reviewers: " + "<" * 100_000 + ">" * 100_000,
        "Reviewers: " + "Jane <j@x.org> " * 20_000,
        "Reviewers:" + ",\n" * 50_000,
        "\n" * 100_000 + "Reviewers: x",
    ],
)
def test_it_handles_extremely_long_lines(message):
    assert isinstance(parse_credits(message), list)


@pytest.mark.parametrize(
    ("text", "name", "email"),
    [
        (
            "dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>",
            "dependabot[bot]",
            "49699333+dependabot[bot]@users.noreply.github.com",
        ),
        ("github-actions[bot]", "github-actions[bot]", ""),
        ("[Jane Doe]", "Jane Doe", ""),
        ("Jane Doe] <jane@example.org>", "Jane Doe", "jane@example.org"),
    ],
)
def test_it_keeps_square_brackets_that_belong_to_bots(text, name, email):
    assert parse_person(text) == ParsedPerson(name, email)


@pytest.mark.parametrize(
    "line, people",
    [
        # apache/ozone: its top contributor writes his family name first.
        (
            "Co-authored-by: Doroszlai, Attila <adoroszlai@apache.org>",
            [("Doroszlai, Attila", "adoroszlai@apache.org")],
        ),
        (
            "Co-Authored-By: Elek, Márton <elek@apache.org>",
            [("Elek, Márton", "elek@apache.org")],
        ),
        # apache/ozone d418f00d7e: no email, on a line that names one person.
        ("Co-authored-by: Doroszlai, Attila", [("Doroszlai, Attila", "")]),
        ("Reviewers: Jun, Guozhang", [("Jun", ""), ("Guozhang", "")]),
        # apache/kafka a071e3554b.
        ("Author: Xiao, Tao <taxiao@ebay.com>", [("Xiao, Tao", "taxiao@ebay.com")]),
        # flyteorg/flyte: a degree after the comma.
        (
            "Signed-off-by: Fabio M. Graetz, Ph.D. <fabiograetz@googlemail.com>",
            [("Fabio M. Graetz, Ph.D", "fabiograetz@googlemail.com")],
        ),
        # apache/kafka: a name-only reviewer before one with an email stays apart.
        (
            "Reviewers: Luke Chen, Guozhang Wang <wangguoz@gmail.com>",
            [("Luke Chen", ""), ("Guozhang Wang", "wangguoz@gmail.com")],
        ),
        (
            "Reviewers: Qichao Chu (@ex172000), Matthias J. Sax <matthias@confluent.io>",
            [("Qichao Chu", ""), ("Matthias J. Sax", "matthias@confluent.io")],
        ),
        (
            "Reviewers: Jane Doe <jane@example.org>, Doroszlai, Attila <adoroszlai@apache.org>",
            [("Jane Doe", "jane@example.org"), ("Doroszlai, Attila", "adoroszlai@apache.org")],
        ),
    ],
)
def test_it_keeps_a_comma_inside_one_name(line, people):
    assert [(c.name, c.email) for c in parse_credits(line)] == people


@pytest.mark.parametrize(
    "subject, credits",
    [
        # apache/kafka 49f3b40179 (2011).
        (
            "auto-discovery of topics for mirroring; patched by Joel; reviewed by Jun; KAFKA-74",
            [("author_line", "Joel"), ("reviewer", "Jun")],
        ),
        # apache/kafka 689d170ac3: "reviewed" without "by".
        (
            "kafka-2210; KafkaAuthorizer: Add all public entities; patched by Parth Brahmbhatt;"
            " reviewed Ismael Juma and Jun Rao",
            [
                ("author_line", "Parth Brahmbhatt"),
                ("reviewer", "Ismael Juma"),
                ("reviewer", "Jun Rao"),
            ],
        ),
        # apache/kafka e4fc456ab0: both keys in one part, after a comma.
        (
            "KAFKA-2330: Vagrantfile sets global configs; patched by Ewen Cheslack-Postava, "
            "reviewed by Geoff Anderson and Gwen Shapira",
            [
                ("author_line", "Ewen Cheslack-Postava"),
                ("reviewer", "Geoff Anderson"),
                ("reviewer", "Gwen Shapira"),
            ],
        ),
        # apache/kafka a7e0ac3659: no separator at all.
        (
            "KAFKA-2198: kafka-topics.sh exits with 0 status on failures; patched by Manikumar "
            "Reddy reviewed by Gwen Shapira",
            [("author_line", "Manikumar Reddy"), ("reviewer", "Gwen Shapira")],
        ),
        # apache/kafka b7bd2978dc, with a full stop.
        (
            "KAFKA-2100; Client Error loses the code; Reviewed by Gwen, Guozhang and Ewen.",
            [("reviewer", "Gwen"), ("reviewer", "Guozhang"), ("reviewer", "Ewen")],
        ),
        # Words that name nobody.
        ("KAFKA-1; Fix it; reviewed by me", []),
        ("KAFKA-1; Fix it; patched by Jun Rao; reviewed by others", [("author_line", "Jun Rao")]),
        # The description is never read, and a subject that is a trailer is read once.
        ("Make sure the code is reviewed by the owner", []),
        ("Reviewed by Jun Rao", []),
        ("Reviewed-by: Jun Rao <junrao@gmail.com>", [("reviewer", "Jun Rao")]),
    ],
)
def test_it_reads_kafkas_pre_github_subjects(subject, credits):
    parsed = parse_credits(subject + "\n\ngit-svn-id: https://svn.apache.org/repos/asf/kafka@1")
    assert [(c.kind, c.name) for c in parsed] == credits
    assert all(c.raw == subject for c in parsed)
