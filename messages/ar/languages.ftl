## Languages: every catalog names every language, each in its own language (the language menus
## look the name up in that language's catalog, and fall back to these).

language-ckb = کوردی
language-en = English
# After a title or text shown in Arabic because it has no translation (elections content).
content-in-arabic = (بالعربية)
# A title that has no translation, followed by that note: the title keeps its own direction and
# the note follows it in the reader's (English: «انتخابات مجلس المحافظة (in Arabic)», left to right).
content-title-in-arabic = { $title } (بالعربية)
