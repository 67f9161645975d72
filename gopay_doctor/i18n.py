"""Languages: which one to use, how flow text is looked up, and the program's own labels."""

from __future__ import annotations

import os
from collections.abc import Mapping

from gopay_doctor.errors import GopayDoctorError

LANGS = ("en", "id", "zh")
"""Bundled languages; every bundled text exists in each of them."""
FALLBACK = "en"

_LOCALE_PREFIXES = {"en": "en", "id": "id", "in": "id", "zh": "zh"}


def resolve_lang(flag: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language to use: ``--lang``, else ``GOPAY_DOCTOR_LANG``, else the locale, else en."""
    env = os.environ if environ is None else environ
    for value, where in ((flag, "--lang"), (env.get("GOPAY_DOCTOR_LANG"), "GOPAY_DOCTOR_LANG")):
        if value:
            if value not in LANGS:
                raise GopayDoctorError(
                    f"{where}: unknown language {value!r}; choose one of: {', '.join(LANGS)}"
                )
            return value
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            prefix = value.split(".")[0].split("_")[0].split("-")[0].lower()
            return _LOCALE_PREFIXES.get(prefix, FALLBACK)
    return FALLBACK


def pick(text: str | Mapping[str, str] | None, lang: str) -> str:
    """``text`` in ``lang``, falling back to English, then to any language given."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    found = text.get(lang) or text.get(FALLBACK)
    if found is not None:
        return found
    return next(iter(text.values()), "")


def pick_url(url: str | Mapping[str, str] | None, lang: str) -> str | None:
    """The address of ``url`` for ``lang`` (one address, or one per language), falling
    back to English, then to any language given; None when there is none."""
    return None if url is None else pick(url, lang) or None


LABELS: dict[str, dict[str, str]] = {
    "yes": {"en": "Yes", "id": "Ya", "zh": "是"},
    "no": {"en": "No", "id": "Tidak", "zh": "否"},
    "none_selected": {"en": "(none)", "id": "(tidak ada)", "zh": "(无)"},
    "tick_alone": {
        "en": "“{choice}” cannot be ticked together with other choices: untick one of them.",
        "id": "“{choice}” tidak bisa dicentang bersama pilihan lain: hapus salah satu centangnya.",
        "zh": "“{choice}”不能与其他选项同时勾选：请取消其中一项。",
    },
    "tick_one": {
        "en": "Nothing is ticked: tick at least one choice with Space, then press Enter.",
        "id": "Belum ada yang dicentang: centang minimal satu pilihan dengan Spasi, lalu tekan "
        "Enter.",
        "zh": "还没有勾选任何选项：请用空格键至少勾选一项，再按 Enter。",
    },
    "tick_one_or_none": {
        "en": "Nothing is ticked: tick what applies with Space, or “{choice}” if nothing does, "
        "then press Enter.",
        "id": "Belum ada yang dicentang: centang yang sesuai dengan Spasi, atau “{choice}” jika "
        "tidak ada yang sesuai, lalu tekan Enter.",
        "zh": "还没有勾选任何选项：请用空格键勾选符合的项；如果都不符合，请勾选“{choice}”，再按 Enter。",
    },
    "otherwise": {"en": "otherwise", "id": "selain itu", "zh": "其他情况"},
    "result": {"en": "Result", "id": "Hasil", "zh": "诊断结果"},
    "likely_cause": {
        "en": "Most likely cause",
        "id": "Penyebab paling mungkin",
        "zh": "最可能的原因",
    },
    "other_causes": {
        "en": "Other possible causes",
        "id": "Kemungkinan penyebab lain",
        "zh": "其他可能原因",
    },
    "urgent": {"en": "Do these first", "id": "Lakukan ini dulu", "zh": "请先做这些"},
    "steps": {"en": "What to do", "id": "Yang perlu dilakukan", "zh": "应该怎么做"},
    "channels": {
        "en": "Other ways to get help",
        "id": "Cara lain mendapat bantuan",
        "zh": "其他求助渠道",
    },
    "channel": {"en": "Channel", "id": "Saluran", "zh": "渠道"},
    "how": {"en": "How to use it", "id": "Cara memakainya", "zh": "使用方法"},
    "unofficial": {"en": "not official", "id": "tidak resmi", "zh": "非官方"},
    "safety": {"en": "Stay safe", "id": "Tetap aman", "zh": "安全提醒"},
    "answers": {"en": "Your answers", "id": "Jawaban Anda", "zh": "您的回答"},
    "urgent_tag": {"en": "urgent", "id": "mendesak", "zh": "紧急"},
    "fund-safety": {"en": "Keep your money safe", "id": "Amankan dana Anda", "zh": "保护资金安全"},
    "contact": {"en": "Reach support", "id": "Hubungi CS GoPay", "zh": "联系客服"},
    "self-help": {"en": "Check it yourself", "id": "Periksa sendiri", "zh": "自行排查"},
    "prevention": {"en": "Prevent it next time", "id": "Cegah di lain waktu", "zh": "预防措施"},
    # exports and the message to support (#4)
    "made": {"en": "Made", "id": "Dibuat", "zh": "生成时间"},
    "flow": {"en": "Flow", "id": "Alur", "zh": "流程"},
    "version": {"en": "version", "id": "versi", "zh": "版本"},
    "language": {"en": "Language", "id": "Bahasa", "zh": "语言"},
    "saved_to": {"en": "Saved to", "id": "Disimpan ke", "zh": "已保存到"},
    "support_message": {
        "en": "Message to support",
        "id": "Pesan untuk CS GoPay",
        "zh": "给客服的消息",
    },
    "msg_note": {
        "en": "Copy this message into an email or chat to GoPay support and fill in the parts "
        "in [brackets]. Never add your PIN, OTP, password or card number: real GoPay support "
        "never asks for them.",
        "id": "Salin pesan ini ke email atau chat untuk CS GoPay dan isi bagian dalam [kurung "
        "siku]. Jangan pernah menambahkan PIN, kode OTP, kata sandi, atau nomor kartu Anda: CS "
        "GoPay yang asli tidak pernah memintanya.",
        "zh": "将此消息复制到发给 GoPay 客服的邮件或聊天中，并填写[方括号]中的内容。"
        "切勿添加您的 PIN、OTP 验证码、密码或卡号：真正的 GoPay 客服从不索要这些信息。",
    },
    "msg_subject_is": {"en": "Subject: ", "id": "Subjek: ", "zh": "主题："},
    "msg_subject": {
        "en": "Help with my GoPay account: [a short summary of the problem]",
        "id": "Bantuan untuk akun GoPay saya: [ringkasan singkat masalahnya]",
        "zh": "GoPay 账户求助：[问题简述]",
    },
    "msg_greeting": {
        "en": "Hello GoPay support,",
        "id": "Halo CS GoPay,",
        "zh": "GoPay 客服您好：",
    },
    "msg_what": {
        "en": "I need help with my GoPay account. This is what happens:",
        "id": "Saya butuh bantuan dengan akun GoPay saya. Ini yang terjadi:",
        "zh": "我的 GoPay 账户需要帮助。情况如下：",
    },
    "msg_describe": {
        "en": "[what you see, in your own words, with the exact error message]",
        "id": "[apa yang Anda lihat, dengan kata-kata Anda sendiri, termasuk pesan error persisnya]",
        "zh": "[用自己的话描述您看到的情况，包括确切的错误提示]",
    },
    "msg_since": {
        "en": "Since when: [since when: date and time]",
        "id": "Sejak kapan: [sejak kapan: tanggal dan jam]",
        "zh": "开始时间：[从何时开始：日期和时间]",
    },
    "msg_tried": {
        "en": "What I have already tried: [what you already tried, for example the steps you "
        "ticked in this checklist]",
        "id": "Yang sudah saya coba: [apa yang sudah Anda coba, misalnya langkah yang sudah "
        "Anda centang di daftar ini]",
        "zh": "我已尝试：[您已经尝试过的做法，例如本清单中已勾选的步骤]",
    },
    "msg_need": {
        "en": "What I need: [what you need from support, for example to secure my account or "
        "to check a transaction]",
        "id": "Yang saya butuhkan: [apa yang Anda butuhkan dari CS GoPay, misalnya "
        "mengamankan akun atau memeriksa transaksi]",
        "zh": "我需要：[您需要客服做什么，例如保护我的账户或核查一笔交易]",
    },
    "msg_transaction": {
        "en": "Transaction, if any: [date, time, amount and transaction ID]",
        "id": "Transaksi terkait, jika ada: [tanggal, jam, jumlah dan ID transaksi]",
        "zh": "相关交易（如有）：[日期、时间、金额和交易编号]",
    },
    "msg_evidence": {
        "en": "Evidence: [screenshots you attach]",
        "id": "Bukti: [tangkapan layar yang Anda lampirkan]",
        "zh": "证据：[您附上的截图]",
    },
    "msg_safe": {
        "en": "I have not included my PIN, OTP, password or card number, and I will not share them.",
        "id": "Saya tidak menyertakan PIN, kode OTP, kata sandi, atau nomor kartu saya, dan tidak "
        "akan membagikannya.",
        "zh": "我没有在此提供我的 PIN、OTP 验证码、密码或卡号，也不会提供。",
    },
    "msg_thanks": {"en": "Thank you,", "id": "Terima kasih,", "zh": "谢谢！"},
    "msg_signature": {
        "en": "[your name and the phone number registered to your GoPay account]",
        "id": "[nama Anda dan nomor HP yang terdaftar di akun GoPay Anda]",
        "zh": "[您的姓名以及 GoPay 账户绑定的手机号]",
    },
    # Automatic checks (gopay-doctor check, diagnose --auto).
    "check.clock.peak": {"en": "Peak period", "id": "Masa sibuk", "zh": "高峰时段"},
    "check.network.reachable": {"en": "Network", "id": "Jaringan", "zh": "网络"},
    "check_skipped_network": {
        "en": "Not checked: add --check-network to test your connection.",
        "id": "Tidak diperiksa: tambahkan --check-network untuk menguji koneksi Anda.",
        "zh": "未检查：加上 --check-network 以测试网络连接。",
    },
    "check_all_ok": {
        "en": "All checks passed.",
        "id": "Semua pemeriksaan lolos.",
        "zh": "所有检查均通过。",
    },
    "check_attention": {
        "en": "{n} of {total} checks found something.",
        "id": "{n} dari {total} pemeriksaan menemukan sesuatu.",
        "zh": "{total} 项检查中有 {n} 项发现问题。",
    },
    "check_data": {"en": "Data: {file}", "id": "Data: {file}", "zh": "数据：{file}"},
    "check_line": {"en": "{title}: {text}", "id": "{title}: {text}", "zh": "{title}：{text}"},
    "clock_peak": {
        "en": "It is {time} WIB on {date}: {what}.",
        "id": "Sekarang pukul {time} WIB, {date}: {what}.",
        "zh": "现在是雅加达时间 {date} {time}：{what}。",
    },
    "clock_quiet": {
        "en": "It is {time} WIB on {date}: not a peak period (no big sale, Lebaran season, "
        "payday evening or major holiday).",
        "id": "Sekarang pukul {time} WIB, {date}: bukan masa sibuk (bukan hari promo besar, "
        "musim Lebaran, malam gajian, atau hari libur besar).",
        "zh": "现在是雅加达时间 {date} {time}：不是高峰时段（非大促日、开斋节返乡季、"
        "发薪日晚间或重大节日）。",
    },
    "clock_quiet_day": {
        "en": "It is {time} WIB on {date}, {day}: not a peak period (no big sale, Lebaran "
        "season, payday evening or major holiday).",
        "id": "Sekarang pukul {time} WIB, {date}, {day}: bukan masa sibuk (bukan hari promo "
        "besar, musim Lebaran, malam gajian, atau hari libur besar).",
        "zh": "现在是雅加达时间 {date}（{day}）{time}：不是高峰时段（非大促日、开斋节返乡季、"
        "发薪日晚间或重大节日）。",
    },
    "clock_unknown": {
        "en": "It is {time} WIB on {date}: whether this is a peak period is not known "
        "(no holiday dates for {year}).",
        "id": "Sekarang pukul {time} WIB, {date}: tidak diketahui apakah ini masa sibuk "
        "(belum ada tanggal hari libur untuk tahun {year}).",
        "zh": "现在是雅加达时间 {date} {time}：无法判断是否为高峰时段（没有 {year} 年的节假日日期）。",
    },
    "clock_expected": {
        "en": "{name} (expected)",
        "id": "{name} (perkiraan)",
        "zh": "{name}（预计）",
    },
    "clock_expected_span": {
        "en": "expected: {span}",
        "id": "perkiraan: {span}",
        "zh": "预计：{span}",
    },
    "clock_time": {"en": "Time: {time}", "id": "Waktu: {time}", "zh": "时间：{time}"},
    "clock_fixed": {
        "en": "{time}, fixed by {env}",
        "id": "{time}, ditetapkan oleh {env}",
        "zh": "{time}，由 {env} 指定",
    },
    "clock_not_peak": {
        "en": "{name}, not a peak day",
        "id": "{name}, bukan hari sibuk",
        "zh": "{name}，非高峰日",
    },
    "clock_data_bundled": {
        "en": "Data: holidays {version} and the bundled peak windows",
        "id": "Data: holidays {version} dan aturan masa sibuk bawaan",
        "zh": "数据：holidays {version} 及内置的高峰时段规则",
    },
    "clock_data_file": {
        "en": "Data: holidays {version} and {file}",
        "id": "Data: holidays {version} dan {file}",
        "zh": "数据：holidays {version} 及 {file}",
    },
    "clock_no_library": {
        "en": "Data: no holiday dates (the holidays package is missing)",
        "id": "Data: tidak ada tanggal hari libur (paket holidays tidak tersedia)",
        "zh": "数据：没有节假日日期（缺少 holidays 软件包）",
    },
    "peak_busy-hour": {"en": "Busy hours", "id": "Jam sibuk", "zh": "高峰时段"},
    "peak_sale": {"en": "Big sale", "id": "Promo besar", "zh": "大促"},
    "peak_payday": {"en": "Payday", "id": "Gajian", "zh": "发薪日"},
    "peak_holiday": {"en": "Holiday", "id": "Hari libur", "zh": "节假日"},
    "peak_festive": {"en": "Holiday season", "id": "Musim libur hari raya", "zh": "节庆假期"},
    "net_ok": {
        "en": "Your connection works: all {total} sites answered (slowest {ms} ms).",
        "id": "Koneksi Anda berfungsi: semua {total} situs merespons (paling lambat {ms} ms).",
        "zh": "网络连接正常：全部 {total} 个网站都有响应（最慢 {ms} 毫秒）。",
    },
    "net_service_down": {
        "en": "Other sites answer, but GoPay's servers did not ({hosts}): "
        "the trouble is probably on their side.",
        "id": "Situs lain merespons, tetapi server GoPay tidak ({hosts}): "
        "masalahnya kemungkinan di pihak mereka.",
        "zh": "其他网站有响应，但 GoPay 的服务器没有（{hosts}）：问题可能出在对方。",
    },
    "net_partial": {
        "en": "Only {ok} of {total} sites answered ({failures}): your connection looks unstable.",
        "id": "Hanya {ok} dari {total} situs yang merespons ({failures}): "
        "koneksi Anda tampak tidak stabil.",
        "zh": "{total} 个网站中只有 {ok} 个有响应（{failures}）：网络连接似乎不稳定。",
    },
    "net_slow": {
        "en": "Sites answered, but slowly (up to {ms} ms): your connection looks unstable.",
        "id": "Situs merespons, tetapi lambat (hingga {ms} ms): koneksi Anda tampak tidak stabil.",
        "zh": "网站有响应，但很慢（最长 {ms} 毫秒）：网络连接似乎不稳定。",
    },
    "net_none": {
        "en": "No site could be reached ({failures}): check mobile data or Wi-Fi.",
        "id": "Tidak ada situs yang bisa dihubungi ({failures}): periksa data seluler atau Wi-Fi.",
        "zh": "无法连接任何网站（{failures}）：请检查移动数据或 Wi-Fi。",
    },
    "net_host_ok": {
        "en": "{where}: answered in {ms} ms ({steps})",
        "id": "{where}: merespons dalam {ms} ms ({steps})",
        "zh": "{where}：{ms} 毫秒内响应（{steps}）",
    },
    "net_host_failed": {
        "en": "{where}: {failure} at {phase} after {ms} ms",
        "id": "{where}: {failure} pada tahap {phase} setelah {ms} ms",
        "zh": "{where}：{phase} 阶段{failure}，用时 {ms} 毫秒",
    },
    "net_sent": {
        "en": "Sent: connection attempts and TLS handshakes only, no data.",
        "id": "Yang dikirim: hanya percobaan koneksi dan jabat tangan TLS, tanpa data.",
        "zh": "发送内容：仅连接尝试和 TLS 握手，不含任何数据。",
    },
    "net_service": {"en": "GoPay service", "id": "layanan GoPay", "zh": "GoPay 服务"},
    "net_reference": {"en": "reference", "id": "pembanding", "zh": "参照"},
    "net_dns": {"en": "no DNS", "id": "DNS gagal", "zh": "域名无法解析"},
    "net_refused": {"en": "refused", "id": "ditolak", "zh": "连接被拒绝"},
    "net_timeout": {"en": "timed out", "id": "waktu habis", "zh": "超时"},
    "net_tls": {"en": "TLS error", "id": "error TLS", "zh": "TLS 错误"},
    "net_unreachable": {"en": "unreachable", "id": "tidak terjangkau", "zh": "无法访问"},
    "net_error": {"en": "failed", "id": "gagal", "zh": "失败"},
    # The wizard (#3)
    "back": {"en": "← Back", "id": "← Kembali", "zh": "← 返回"},
    "done": {"en": "Done", "id": "Selesai", "zh": "完成"},
    "start_over": {"en": "Start over", "id": "Mulai dari awal", "zh": "重新开始"},
    "what_next": {"en": "What next?", "id": "Apa selanjutnya?", "zh": "接下来要做什么？"},
    "continue_saved": {
        "en": "Continue where you stopped",
        "id": "Lanjutkan dari yang terakhir",
        "zh": "从上次停下的地方继续",
    },
    "saved_found": {
        "en": "You have unfinished answers from {when}.",
        "id": "Ada jawaban yang belum selesai dari {when}.",
        "zh": "您有 {when} 未完成的回答。",
    },
    "saved_outdated": {
        "en": "Your saved answers were for version {saved} of this flow; it is now version {now}. Start over?",
        "id": "Jawaban tersimpan Anda untuk versi {saved} alur ini; sekarang versi {now}. Mulai dari awal?",
        "zh": "您保存的回答适用于此流程的第 {saved} 版，现在是第 {now} 版。要重新开始吗？",
    },
    "keys_select": {
        "en": "↑/↓ move, Enter choose",
        "id": "↑/↓ pindah, Enter pilih",
        "zh": "↑/↓ 移动，Enter 选择",
    },
    "keys_checkbox": {
        "en": "↑/↓ move, Space tick, Enter confirm",
        "id": "↑/↓ pindah, Spasi centang, Enter konfirmasi",
        "zh": "↑/↓ 移动，空格 勾选，Enter 确认",
    },
    "keys_back": {"en": ", ← back", "id": ", ← kembali", "zh": "，← 返回"},
    "resume_hint": {
        "en": "Your answers are saved. Continue with: gopay-doctor diagnose --resume",
        "id": "Jawaban Anda tersimpan. Lanjutkan dengan: gopay-doctor diagnose --resume",
        "zh": "您的回答已保存。继续请运行：gopay-doctor diagnose --resume",
    },
    "export_failed": {
        "en": "The file could not be saved. What now?",
        "id": "Berkas tidak dapat disimpan. Lalu bagaimana?",
        "zh": "无法保存文件。接下来怎么办？",
    },
    "export_other_file": {
        "en": "Save it under another name",
        "id": "Simpan dengan nama lain",
        "zh": "换一个文件名保存",
    },
    "export_print": {
        "en": "Show it here instead",
        "id": "Tampilkan di sini saja",
        "zh": "直接在这里显示",
    },
    "export_path": {
        "en": "Save to which new file? Its ending chooses the format (.md, .txt, .json or .html):",
        "id": "Simpan ke berkas baru apa? Akhiran namanya menentukan format (.md, .txt, .json "
        "atau .html):",
        "zh": "保存为哪个新文件？扩展名决定格式（.md、.txt、.json 或 .html）：",
    },
    "export_path_as": {
        "en": "Save to which new file? (format: {format})",
        "id": "Simpan ke berkas baru apa? (format: {format})",
        "zh": "保存为哪个新文件？（格式：{format}）",
    },
    "not_saved": {
        "en": "Your answers could not be saved ({reason}).",
        "id": "Jawaban Anda tidak dapat disimpan ({reason}).",
        "zh": "无法保存您的回答（{reason}）。",
    },
}

LANG_NAMES = {"en": "English", "id": "Bahasa Indonesia", "zh": "简体中文"}
"""Each bundled language, named in itself."""


def label(key: str, lang: str) -> str:
    """One of the program's own labels in ``lang``."""
    return pick(LABELS[key], lang)
