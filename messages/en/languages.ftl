## Languages: every catalog names every language, each in its own language.

language-ckb = کوردی
language-en = English
# After a title or text shown in Arabic because it has no translation (elections content).
content-in-arabic = (in Arabic)
