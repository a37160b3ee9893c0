## Governorates typed instead of pressed (handlers/governorate_words.py)

governorate-not-recognised = I didn't recognise that governorate. Choose from the list, or type the name of your governorate or city, e.g. Basra, Mosul or Erbil.
