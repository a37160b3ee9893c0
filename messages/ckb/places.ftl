## Governorates typed instead of pressed (handlers/governorate_words.py)

governorate-not-recognised = ئەم پارێزگایەم نەناسییەوە. لە لیستەکە هەڵبژێرە، یان ناوی پارێزگا یان شارەکەت بنووسە، بۆ نموونە: هەولێر یان سلێمانی یان دهۆک.
