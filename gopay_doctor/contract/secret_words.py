"""The words of the asks-for-secret rule, per language: data, read by
:mod:`gopay_doctor.contract.secrets`. Each field is a tuple of regular expressions (case is
ignored); add a word where a real text was misjudged, with a test in tests/test_secrets.py.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SecretWords:
    """The words of one language, as regular expressions (case is ignored)."""

    secrets: tuple[str, ...]
    """What must never be asked for."""
    before: tuple[str, ...]
    """Requests that come before the secret: "enter your PIN"."""
    after: tuple[str, ...]
    """Requests that come after the secret: "your PIN is required"."""
    exempt: tuple[str, ...]
    """Negations and warnings that make a request harmless when they come first in its clause."""
    cancels: tuple[str, ...] = ()
    """Words that, between a negation and a request, turn the negation into encouragement:
    "don't forget to", "do not hesitate to", "cannot ... unless", *jangan lupa*, 别忘了."""
    others: tuple[str, ...] = ()
    """Words that say someone else asks (scammers, "if someone"); they count from the
    last punctuation mark, so "scammers call and ask for your PIN" passes."""
    senders: tuple[str, ...] = ()
    """Subjects that make a sending verb harmless: "we will send you an OTP"."""
    splitters: tuple[str, ...] = ()
    """Words that start a new clause: "but", "and"."""
    breakers: tuple[str, ...] = ()
    """Words that, between a request and a secret, show it is about something else: "help"."""
    spaced: bool = True
    """Whether words are separated by spaces (not in Chinese)."""


SEND = r"(?:send|sending|text|sms|forward|give|gives|giving|kirim|kirimkan|mengirim|mengirimkan|berikan|memberikan|发送|发给|发来)"
"""Sending verbs: harmless when the company is the one sending (see ``senders``)."""

WORDS: dict[str, SecretWords] = {
    "en": SecretWords(
        secrets=(
            r"one[- ]time (?:password|pass ?code|code|pin)s?",
            r"(?:atm |card |m-?)?pins?",
            r"otps?(?: codes?)?",
            r"pass(?:word|code|phrase)s?",
            r"cv[vc]2?",
            r"(?:security|verification|sms|login|access|activation|authentication|auth) codes?",
            r"(?:\d+|four|five|six|eight)[- ]digit codes?",
            r"(?:credit |debit |atm |bank )?card (?:numbers?|details)",
        ),
        before=(
            r"enter(?:s|ing)?",
            r"type(?: in)?",
            r"key(?:ing)? in",
            r"input(?:ting)?",
            r"send(?:ing)?(?! you\b)",
            r"text (?:us|me|it)",
            r"share",
            r"sharing",
            r"tell(?:ing)?(?! you\b)",
            r"give(?:s)?(?! you\b)",
            r"giving(?! you\b)",
            r"hand over",
            r"provide(?:s)?",
            r"providing",
            r"submit(?:ting)?",
            r"reply(?: with)?",
            r"respond with",
            r"read (?:out|aloud)",
            r"confirm",
            r"verify",
            r"dictate",
            r"write",
            r"include",
            r"paste",
            r"fill in",
            r"disclose",
            r"reveal",
            r"let (?:us|me|them|him|her|the agent) know",
            r"ask(?:s|ed|ing)? (?:you )?for",
            r"(?:we|i|they|support|the agent|agents|staff|gopay)(?: will| would)? (?:need|require)s?",
            r"what(?:'s| is| are) (?:your|the|ur)",
            r"can (?:i|we) have",
        ),
        after=(
            r"(?:is|are) (?:required|needed|necessary)",
            r"must be (?:entered|sent|given|provided|shared|typed)",
        ),
        exempt=(
            r"never",
            r"(?<!\bwhy )not",
            r"nobody",
            r"no one",
            r"nor",
            r"(?:do|does|did|is|are|was|were|wo|ca|should|must|could|would)n't",
            r"cannot",
            r"avoid",
            r"refuse",
            r"beware",
            r"careful",
        ),
        cancels=(
            r"forget(?:ting)?",
            r"hesitat(?:e|ing)",
            r"fail",
            r"afraid",
            r"unless",
            r"until",
            r"except",
            r"without",
        ),
        others=(
            r"scam(?:s|mers?)?",
            r"fraud(?:s|sters?)?",
            r"fake",
            r"impostors?",
            r"pretend(?:s|ing)?",
            r"pos(?:e|es|ing) as",
            r"claim(?:s|ing)? to be",
            r"if (?:someone|anyone|somebody|anybody|a caller|they)",
            r"(?:anyone|someone|anybody|somebody) who",
            r"whoever",
        ),
        senders=(r"(?:we|gopay|gojek|the app|it|they|the system)(?: will| can| may|'ll)?",),
        splitters=(r"but", r"and", r"then", r"however", r"otherwise"),
        breakers=(
            r"help",
            r"assistance",
            r"about",
            r"reset(?:ting)?",
            r"chang(?:e|es|ing)",
            r"forgot(?:ten)?",
            r"lost",
            r"how",
            r"why",
            r"whether",
        ),
    ),
    "id": SecretWords(
        secrets=(
            r"(?:pin|mpin)(?: atm)?",
            r"(?:kode )?otp",
            r"(?:kata )?sandi",
            r"password",
            r"passcode",
            r"kode (?:verifikasi|keamanan|rahasia|aktivasi|sms|akses|login|unik)",
            r"kode \d+ digit",
            r"cv[vc]2?",
            r"nomor kartu(?: kredit| debit| atm)?",
        ),
        before=(
            r"(?:masukkan|memasukkan)(?:lah)?",
            r"(?:ketik|ketikkan|mengetik|mengetikkan)(?:lah)?",
            r"(?:kirim|kirimkan|mengirim|mengirimkan)(?:lah)?",
            r"(?:berikan|memberikan|beri|berikanlah)",
            r"(?:beri|memberi) ?tahu(?:kan)?",
            r"beritahu(?:kan)?",
            r"(?:bagikan|membagikan)(?:lah)?",
            r"(?:sebutkan|menyebutkan)(?:lah)?",
            r"(?:isi|isikan|mengisi|mengisikan)(?:lah)?",
            r"(?:input|inputkan|menginput|menginputkan)",
            r"(?:tulis|tuliskan|menulis|menuliskan)(?:lah)?",
            r"(?:balas|balaslah|membalas)(?: dengan)?",
            r"(?:konfirmasi|konfirmasikan|mengonfirmasi|mengkonfirmasi)",
            r"(?:verifikasi|verifikasikan|memverifikasi)",
            r"(?:minta|meminta|diminta|memintanya)",
            r"(?:infokan|informasikan|menginformasikan)",
            r"(?:sampaikan|menyampaikan|serahkan|menyerahkan)",
            r"(?:cantumkan|mencantumkan|lampirkan|melampirkan)",
            r"(?:bacakan|membacakan|tunjukkan|menunjukkan)",
            r"(?:kami|saya|cs|agen|petugas|gopay)(?: akan)? (?:perlu|butuh|membutuhkan|memerlukan)",
            r"berapa",
        ),
        after=(
            r"(?:diperlukan|dibutuhkan)",
            r"(?:harus|wajib|perlu|mohon|silakan) (?:di)?(?:kirim|masukkan|isi|berikan|sebutkan|ketik|bagikan)\w*",
            r"(?:dikirim|dikirimkan|dimasukkan|diisi|diberikan|disebutkan|diketik|dibagikan)",
            r"berapa",
        ),
        exempt=(
            r"jangan",
            r"tidak",
            r"tak",
            r"bukan",
            r"tanpa",
            r"hindari",
            r"(?:di)?larang",
            r"waspada(?:lah)?",
            r"awas",
            r"hati-hati",
        ),
        cancels=(
            r"lupa",
            r"ragu(?:-ragu)?",
            r"sungkan",
            r"segan",
            r"takut",
            r"(?:me)?nunda",
            r"kecuali",
        ),
        others=(
            r"penipu(?:an)?",
            r"modus",
            r"palsu",
            r"berpura-pura",
            r"mengaku",
            r"(?:jika|kalau|bila|apabila) ada (?:yang|orang|pihak)",
            r"siapa ?pun yang",
            r"orang (?:lain )?yang",
        ),
        senders=(r"(?:kami|gopay|gojek|aplikasi|sistem)(?: akan| bisa| dapat)?",),
        splitters=(r"tapi", r"tetapi", r"namun", r"melainkan", r"dan", r"lalu", r"kemudian"),
        breakers=(
            r"bantuan",
            r"tentang",
            r"(?:meng)?ganti",
            r"(?:meng)?ubah",
            r"lupa",
            r"reset",
            r"cara",
            r"bagaimana",
        ),
    ),
    "zh": SecretWords(
        secrets=(
            r"(?:支付|登录|交易|银行卡|取款)?密码",
            r"(?:短信|手机|动态)?验证码",
            r"校验码",
            r"动态码",
            r"安全码",
            r"(?:银行|信用|借记)?卡号",
            r"口令",
            r"(?<![a-z])(?:pin|otp|cvv|cvc)(?![a-z])",
        ),
        before=(
            r"输入",
            r"键入",
            r"填写",
            r"填入",
            r"提供",
            r"发送(?!到?(?:您|你))",
            r"发给(?!您|你)",
            r"发来",
            r"告诉",
            r"告知",
            r"透露",
            r"说出",
            r"报出",
            r"念出",
            r"回复",
            r"提交",
            r"索要",
            r"索取",
            r"出示",
            r"上传",
            r"确认",
            r"需要(?:您|你)的",
        ),
        after=(
            r"发送(?!到?(?:您|你))",
            r"发给(?!您|你)",
            r"告诉",
            r"告知",
            r"透露",
            r"报给",
            r"念给",
            r"提供",
            r"输入",
            r"填写",
            r"是多少",
            r"是什么",
        ),
        exempt=(
            r"不要",
            r"不用",
            r"不会",
            r"不能",
            r"不可",
            r"不得",
            r"不应",
            r"(?<![识区分类特级派性告])别(?!人)",
            r"勿",
            r"绝不",
            r"决不",
            r"绝对不",
            r"从不",
            r"从来不",
            r"千万不",
            r"没",
            r"无需",
            r"禁止",
            r"拒绝",
            r"谨防",
            r"当心",
            r"小心",
            r"警惕",
            r"提防",
        ),
        cancels=(r"忘", r"犹豫", r"迟疑", r"除非"),
        others=(
            r"骗子",
            r"诈骗",
            r"冒充",
            r"假冒",
            r"如果有人",
            r"任何人",
            r"陌生人",
            r"有人",
        ),
        senders=(
            r"(?:我们|系统|应用|gopay|gojek)\s*(?:会|将)?(?:把|将)?",
        ),  # "GoPay 会": a space after a Latin name
        splitters=(r"但是", r"但", r"可是", r"不过", r"然而", r"然后", r"并且", r"而且"),
        breakers=(r"帮助", r"修改", r"重置", r"找回", r"忘记"),
        spaced=False,
    ),
}
