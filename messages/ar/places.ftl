## Governorates typed instead of pressed (handlers/governorate_words.py)

governorate-not-recognised = لم أتعرّف على هذه المحافظة. اختر من القائمة، أو اكتب اسم محافظتك أو مدينتك، مثلاً: البصرة أو الموصل أو الناصرية.
