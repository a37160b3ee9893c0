## WhatsApp: what the channel adds around the shared menus.

# The last row of a list with more than ten options opens the next page.
wa-more = المزيد
wa-more-description = خيارات أخرى
# The button that opens a list message (at most 20 characters).
wa-list-button = اختر
# The body of a list or of buttons when the message text was sent before them.
wa-choose = اختر من الخيارات:
wa-more-body = خيارات إضافية — الصفحة { $page } من { $pages }:
wa-more-stale = انتهت صلاحية هذه القائمة. إليك القائمة الرئيسية:

## Linking Telegram and WhatsApp by phone number (Telegram settings)

link-phone = ربط رقم هاتفي
link-phone-ask =
    إذا كنت تراسلنا من واتساب أيضاً، شارك رقم هاتفك هنا لنجمع حسابيك في حساب واحد: تسجيلاتك وإعداداتك تصبح واحدة في القناتين.
    لا نستخدم رقمك لغير ذلك، ولا نطلبه إلا بموافقتك. اضغط الزر أدناه لمشاركة رقمك.
link-phone-share = 📱 مشاركة رقمي
link-phone-saved = تم حفظ رقمك ✅ إذا راسلتنا من واتساب بهذا الرقم فسنعرفك، وتبقى تسجيلاتك وإعداداتك واحدة.
link-phone-merged = تم ربط حسابك في تيليغرام بحسابك في واتساب ✅ أصبحت تسجيلاتك وإعداداتك واحدة في القناتين.
link-phone-invalid = تعذّر قراءة هذا الرقم. لم يتغير شيء.
