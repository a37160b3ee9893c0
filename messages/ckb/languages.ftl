## Languages: every catalog names every language, each in its own language.

language-ckb = کوردی
language-en = English
# After a title or text shown in Arabic because it has no translation (elections content).
content-in-arabic = (بە عەرەبی)
# A title that has no translation, followed by that note: the title keeps its own direction and
# the note follows it in the reader's (English: «انتخابات مجلس المحافظة (in Arabic)», left to right).
content-title-in-arabic = { $title } (بە عەرەبی)
