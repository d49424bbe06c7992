#!/usr/bin/env bash
# Runs a throwaway Dovecot IMAP server by hand, to try reply by email on your machine.
#
#   scripts/local-dovecot.sh start            # foreground; Ctrl-C stops it
#   scripts/local-dovecot.sh deliver FILE.eml # in another terminal: put a reply in the INBOX
#   scripts/local-dovecot.sh stop             # stop a server started in the background (start &)
#
# It serves one mailbox, $MAILBOX (default replies@localhost, password $MAILBOX_PASSWORD, default
# replyline-local), on plain IMAP at 127.0.0.1:$IMAP_PORT (default 1143), with its mail and
# config in $DOVECOT_DIR (default ./.dovecot-local; delete it to start over). Nothing listens
# beyond 127.0.0.1.
#
# "deliver" stands in for your mail server: it stores the file as an unread message, headers
# untouched, so a reply addressed to replies+<token>@localhost arrives with its +tag as a real
# mail server that supports plus addressing would deliver it. Save a mention email's reply from
# your mail client as .eml (or write one by hand: From must be the mentioned user's address),
# deliver it, then run syncMailboxNow (or wait for the poll).
#
# Needs Dovecot 2.3 (Debian/Ubuntu: apt-get install dovecot-imapd). As root, mail is accessed
# as "nobody"; as any other user, Dovecot runs entirely as that user.
set -euo pipefail

MAILBOX="${MAILBOX:-replies@localhost}"
MAILBOX_PASSWORD="${MAILBOX_PASSWORD:-replyline-local}"
IMAP_PORT="${IMAP_PORT:-1143}"
DOVECOT_DIR="$(realpath -m "${DOVECOT_DIR:-./.dovecot-local}")"
DOVECOT="${DOVECOT:-/usr/sbin/dovecot}"
DOVEADM="${DOVEADM:-/usr/bin/doveadm}"
CONF="$DOVECOT_DIR/dovecot.conf"

die() { echo "local-dovecot: $*" >&2; exit 1; }

write_config() {
  [ -x "$DOVECOT" ] || die "Dovecot is not installed at $DOVECOT (apt-get install dovecot-imapd)"
  mkdir -p "$DOVECOT_DIR/mail" "$DOVECOT_DIR/run" "$DOVECOT_DIR/state"
  local user group chroot=""
  if [ "$(id -u)" = 0 ]; then
    user=nobody
    group=$(id -gn nobody)
    chmod 755 "$DOVECOT_DIR"
    chown "$user:$group" "$DOVECOT_DIR/mail"
  else
    user=$(id -un)
    group=$(id -gn)
    # Only root may chroot: the login and anvil processes run unconfined instead.
    chroot="service anvil {
  chroot =
}
service imap-login {
  chroot =
}"
  fi
  # passwd-file: user:{PLAIN}password
  printf '%s:{PLAIN}%s\n' "$MAILBOX" "$MAILBOX_PASSWORD" >"$DOVECOT_DIR/users"
  chmod 644 "$DOVECOT_DIR/users"
  cat >"$CONF" <<CONF
# Written by scripts/local-dovecot.sh; rewritten on every start.
base_dir = $DOVECOT_DIR/run
state_dir = $DOVECOT_DIR/state
instance_name = replyline-local-$IMAP_PORT
log_path = /dev/stderr
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = $user
default_internal_group = $group
default_login_user = $user
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $DOVECOT_DIR/users
}
userdb {
  driver = static
  args = uid=$user gid=$group home=$DOVECOT_DIR/mail/%d/%n
}
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
$chroot
CONF
}

case "${1:-}" in
  start)
    write_config
    cat <<INFO
Dovecot for $MAILBOX on 127.0.0.1:$IMAP_PORT (Ctrl-C stops it). In Replyline, Email Server ->
Enable Reply via Email -> Basic Auth:
  Reply To Email Address  $MAILBOX
  IMAP Server             127.0.0.1     port $IMAP_PORT     Server uses SSL: off
  User Name               $MAILBOX
  Password                $MAILBOX_PASSWORD
  Intent Tracking Mode    either (email address: replies go to ${MAILBOX/@/+<token>@})
Then deliver a reply: $0 deliver reply.eml
INFO
    exec "$DOVECOT" -F -c "$CONF"
    ;;
  deliver)
    [ -f "$CONF" ] || die "start the server first ($0 start)"
    [ -n "${2:-}" ] && [ -f "$2" ] || die "usage: $0 deliver FILE.eml"
    "$DOVEADM" -c "$CONF" save -u "$MAILBOX" -m INBOX <"$2"
    echo "Delivered $2 to $MAILBOX's INBOX (unread)."
    ;;
  stop)
    [ -f "$CONF" ] || die "no server was started in $DOVECOT_DIR"
    "$DOVEADM" -c "$CONF" stop
    ;;
  *)
    sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
