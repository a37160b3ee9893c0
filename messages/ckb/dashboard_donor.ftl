# Donor figures on the coordinators' page (programme and event pages).
dash-donor-title = پوختەی بەخشەران: خەڵک بەپێی پارێزگا و ڕەگەز و گروپی تەمەن
dash-donor-note = هەر کەسێک یەک جار لە هەر پارێزگایەک و یەک جار لە کۆیدا دەژمێردرێت. هەر گروپێکی کەمتر لە ٥ کەس «کەمتر لە ٥» پیشان دەدات بۆ ئەوەی کەس نەناسرێتەوە.
dash-donor-download = داگرتنی پوختەی بەخشەران بە شێوەی { $format }
dash-donor-by-sex = { $organization }: تۆمارکراوان و ئامادەبووان بەپێی ڕەگەز
dash-donor-by-age = { $organization }: تۆمارکراوان و ئامادەبووان بەپێی گروپی تەمەن
dash-registered-by-title = تۆمارکراوان بەپێی وەڵامەکانیان بۆ پرسیارەکانی تۆمارکردن
dash-small-groups-note = وەڵامەکان ئارەزوومەندانەن. هەر گروپێکی کەمتر لە ٥ کەس «کەمتر لە ٥» پیشان دەدات و ناکێشرێت، بۆ ئەوەی کەس نەناسرێتەوە.
dash-registered-by-sex = تۆمارکراوان بەپێی ڕەگەز
dash-registered-by-age = تۆمارکراوان بەپێی گروپی تەمەن
dash-registered-by-role = تۆمارکراوان بەپێی ئەو سیفەتەی ئامادە دەبن
dash-registered-by-disability = تۆمارکراوانی خاوەن کەمئەندامی
dash-registered-by-displaced = تۆمارکراوانی ئاوارە
