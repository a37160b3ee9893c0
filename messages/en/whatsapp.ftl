## WhatsApp: what the channel adds around the shared menus.

# The last row of a list with more than ten options opens the next page.
wa-more = More
wa-more-description = More options
# The button that opens a list message (at most 20 characters).
wa-list-button = Choose
# The body of a list or of buttons when the message text was sent before them.
wa-choose = Choose an option:
wa-more-body = More options — page { $page } of { $pages }:
wa-more-stale = This list has expired. Here is the main menu:

## Linking Telegram and WhatsApp by phone number (Telegram settings)

link-phone = Link my phone number
link-phone-ask =
    If you also message us on WhatsApp, share your phone number here so we can join your two accounts into one: your registrations and settings become the same on both.
    We use your number for nothing else, and we only ask for it with your consent. Press the button below to share your number.
link-phone-share = 📱 Share my number
link-phone-saved = Your number is saved ✅ If you message us on WhatsApp from this number we'll recognise you, and your registrations and settings stay the same.
link-phone-merged = Your Telegram account is now linked to your WhatsApp account ✅ Your registrations and settings are now the same on both.
link-phone-invalid = That number couldn't be read; nothing has changed.
