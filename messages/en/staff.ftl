## Staff: panel, roles, invites

menu-staff-panel = Organiser panel 🛠
staff-panel =
    Organiser panel
    Your roles: { $roles }
staff-not-allowed = Sorry, only authorised organisers can do this. Nothing has changed.
staff-choose-organization = For which organisation?
role-admin = Admin
role-organizer = Event organiser
role-coordinator = Data coordinator
staff-invite-role = Which role do you want to give?
staff-invite-created =
    Invite code: { $code }
    Role: { $role } in “{ $organization }”.
    Send the person this message: /join { $code }
    (or they can type: join { $code }). The code works once and for seven days.
    The code won't be shown again: copy it now. You can revoke it from “Organisation team” → “Pending invites”.
kw-join = join, /join
join-usage = Type the invite code after the command, e.g.: /join ABCD234567
join-unknown = That invite code isn't right. Check it, and ask for a new code if you need one.
join-expired = This invite code has expired. Ask the organisation's admin for a new one.
join-used = This invite code has already been used. Each code works only once.
join-revoked = This invite code was revoked. Ask the organisation's admin for a new one.
join-done = Welcome to the “{ $organization }” team as { $role }. You'll find the “Organiser panel” in the main menu.

## The organisation's team (admins): members, roles, removal, pending invites

team-entry = Organisation team 👥
team-header =
    “{ $organization }” team: { $count ->
        [0] nobody yet.
        [one] one member.
       *[other] { $count } members.
    } (page { $page } of { $pages })
    { $lines }
    Choose a member to change their role or remove them.
team-line = { $index }. { $name } — { $roles }
team-member-option = { $name } — { $roles }
team-name-you = { $name } (you)
team-name-telegram = Telegram user { $id }
team-name-whatsapp = WhatsApp number ending in { $last }
team-name-console = Terminal user { $id }
team-name-other = User { $id }
team-name-unknown = Member without a linked account
team-invites = Pending invites ({ $count })
team-new-invite = Invite a member ➕
team-next = Next page ▶
team-prev = ◀ Previous page
team-back = Back to the team
team-back-member = Back
team-member =
    { $name }
    Role: { $roles }
    In the team since: { $since }
    Last activity: { $last }
team-no-activity = No activity recorded yet
team-last-action = { $activity }, { $when }
team-activity-event = managing an event
team-activity-broadcast = an announcement
team-activity-export = a data download
team-activity-checkin = a check-in
team-activity-staff = a team change
team-activity-invite = an invite
team-activity-org = creating the organisation
team-activity-other = another action
team-change-role = Change role
team-remove = Remove from the team
team-choose-role =
    New role for { $name } (now: { $roles })?
    The role you choose becomes their only role in this organisation.
team-role-changed = ✅ { $name } is now: { $role }.
team-role-unchanged = That is already { $name }'s role; nothing has changed.
team-last-admin = That's not possible: this is the organisation's last admin. Make someone else an admin first. Nothing has changed.
team-remove-confirm =
    Do you want to remove { $name } ({ $roles }) from the “{ $organization }” team?
    They will no longer be able to use the organiser panel for this organisation, and their old buttons will stop working.
team-remove-yes = Yes, remove them
team-remove-no = No, go back
team-removed = ✅ { $name } was removed from the team.
team-member-gone = This person is no longer in the team; nothing has changed.
team-invites-header =
    { $count ->
        [0] There are no pending invites.
        [one] One pending invite:
       *[other] { $count } pending invites:
    }
    { $lines }
    Codes are not shown again after they are created. Revoke any invite you no longer want.
team-invite-line = { $index }. { $role } — expires { $expires }
team-revoke-option = Revoke invite { $index } ({ $role }, { $expires })
team-invite-revoked = ✅ The invite is revoked: its code no longer works.
team-invite-gone = This invite is no longer pending (used, revoked or expired); nothing has changed.
