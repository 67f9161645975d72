"""The words that make a text a statement about what GoPay or Gojek does, offers, requires
or provides: data for the ``unsourced-claim`` rule (:mod:`gopay_doctor.authoring.claims`).

A text states such a fact when it

* names one of GoPay's or Gojek's products, programmes, menus, buttons or requirements
  (:data:`NAMES`): the app has that menu, the programme covers that case; or
* has GoPay or Gojek (:data:`ACTORS`) do something (:data:`ACTS`): "GoPay sends an OTP",
  "Gojek and GoPay never ask for it", "Gojek's help pages ask you to update",
  "GoPay membatasi akun", "Gojek 和 GoPay 从不索要".

Naming GoPay as a place or a party is no claim: "GoPay support", "CS GoPay", "on
GoPay's side", "reach GoPay", "tell GoPay". To teach the rule a new menu or programme,
add its name here, in every language it is written in; the tests in
``tests/test_claims.py`` show what each list catches and what it lets pass.
"""

NAMES: tuple[str, ...] = (
    # products and programmes
    "GoPayLater",
    "GoPay Coins",
    "GoPay Plus",
    "GoPay Tabungan",
    "Findaya",
    "Money Back Guarantee",
    "Jaminan Saldo Kembali",
    "余额退还保障",
    # menus, pages and buttons of the app and of the help pages
    "Help",
    "Bantuan",
    "“帮助”",
    "Contact Us",
    "Hubungi Kami",
    "联系我们",
    "Logged In Devices",
    "已登录设备",
    "My Profile",
    "Profil Saya",
    "Profilku",
    "GoPay's Settings",
    "Pengaturan GoPay",
    "GoPay 的设置",
    "Change PIN",
    "Forgot PIN",
    "Ubah PIN",
    "Lupa PIN",
    "GoPay PIN",
    "PIN GoPay",
    # what GoPay asks of the user
    "e-KTP",
)
"""Products, programmes, menus, buttons and requirements of GoPay and Gojek, as written in
the texts (matched with this case; a Latin name as a whole word, so "Helpful" is not
"Help")."""

INSIDE_A_SENTENCE: tuple[str, ...] = ("Help", "Bantuan")
"""Names that are also common words: the capital marks the menu ("through Help in the
app", "lewat Bantuan") only inside a sentence, since every sentence starts with one
("Help page", "Bantuan cepat"). The common words are lower-case ("help centre", "pusat
bantuan")."""

ACTORS: tuple[str, ...] = ("GoPay", "Gojek")
"""Who a claim is about (also as "GoPay's", "Gojek's")."""

ACTS: dict[str, tuple[str, ...]] = {
    "en": (
        # bare forms only where the word is no common noun after "GoPay" ("your GoPay limit")
        "ask", "asks", "send", "sends", "require", "requires", "offer", "offers",
        "provide", "provides", "cover", "covers", "refund", "refunds", "guarantee",
        "guarantees", "promise", "promises", "restrict", "restricts", "limits", "blocks",
        "freeze", "freezes", "locks", "keep", "keeps", "secure", "secures", "reviews",
        "verify", "verifies", "processes", "charges", "lists", "explain", "explains",
        "advise", "advises", "recommend", "recommends", "allow", "allows",
    ),
    "id": (
        "meminta", "memintanya", "mengirim", "mengirimkan", "mewajibkan", "mensyaratkan",
        "menawarkan", "menyediakan", "menanggung", "mengembalikan", "mengganti",
        "menjamin", "membatasi", "memblokir", "membekukan", "mengunci", "mengamankan",
        "meninjau", "memverifikasi", "memproses", "menghubungi", "menelepon", "menagih",
        "mencantumkan", "menjelaskan", "menyarankan", "menganjurkan", "mengizinkan",
    ),
    "zh": (
        "索要", "要求", "发送", "发到", "发给", "提供", "保障", "退还", "退款", "赔付",
        "限制", "冻结", "锁定", "封禁", "审核", "核实", "处理", "联系您", "收取",
        "列有", "列出", "解释", "建议", "规定", "允许",
    ),
}  # fmt: skip
"""Verbs that say what GoPay or Gojek does, by language, counted when they follow an
actor closely: within :data:`LATIN_GAP` words (en, id) or :data:`CJK_GAP` characters
(zh), with no punctuation between, so a new sentence or clause is not read on."""

LATIN_GAP = 4
"""Words allowed between the actor and the verb: "Gojek and GoPay never ask", "GoPay's
help pages ask", "CS GoPay yang asli tidak pernah meminta"."""

CJK_GAP = 12
"""Characters allowed between the actor and the verb: "GoPay 客服绝不会索要", "GoPay 就会把 OTP
验证码发到"."""
