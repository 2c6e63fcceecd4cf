"""``exitguard token add|list|revoke``: static proxy tokens. A new token is printed once;
the file keeps only salted hashes. The proxy picks up changes within a second, no restart needed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from addons.cli.paths import DEFAULT_TOKENS_FILE as DEFAULT_FILE
from addons.cli.private_stdout import StdoutNotPrivate, make_stdout_private
from addons.identity.tokens import TokenFileError, TokenStore


def register(sub) -> None:
    p = sub.add_parser("token", help="manage proxy tokens", description=__doc__)
    p.add_argument("--file", metavar="FILE", default=str(DEFAULT_FILE),
                   help=f"token file (default {DEFAULT_FILE}; the proxy's exitguard_tokens_file)")
    actions = p.add_subparsers(dest="action", required=True, metavar="SUBCOMMAND")
    add = actions.add_parser("add", help="create a token for NAME and print it once")
    add.add_argument("name")
    add.add_argument("--groups", default="", help="comma-separated groups, e.g. platform,ci")
    add.add_argument("--file", dest="file_", metavar="FILE", help=argparse.SUPPRESS)
    actions.add_parser("list", help="list token names and groups (never the tokens)").add_argument(
        "--file", dest="file_", metavar="FILE", help=argparse.SUPPRESS)
    revoke = actions.add_parser("revoke", help="delete every token of NAME")
    revoke.add_argument("name")
    revoke.add_argument("--file", dest="file_", metavar="FILE", help=argparse.SUPPRESS)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path = Path(getattr(args, "file_", None) or args.file).expanduser()
    try:
        if args.action == "list":
            if not path.exists() and path == DEFAULT_FILE and not getattr(args, "file_", None):
                print(f"exitguard token: no tokens yet (none in {path}); create one with `exitguard token add NAME "
                      "--groups a,b`", file=sys.stderr)
                return 0
            for e in TokenStore.load(path).list():
                created = time.strftime("%Y-%m-%d %H:%M", time.gmtime(e.created))
                print(f"{e.name}\t{','.join(e.groups) or '-'}\tid {e.id}\tcreated {created} UTC")
            return 0
        made_private = _private_output() if args.action == "add" else None  # before a token exists
        with TokenStore.editing(path, missing_ok=args.action == "add") as store:  # one writer at a time
            if args.action == "add":
                groups = [g.strip() for g in args.groups.split(",") if g.strip()]
                token = store.add(args.name, groups)
                store.save()  # before the token is shown: a token that was not saved is never printed
                same_name = sum(1 for e in store.list() if e.name == args.name)
            else:
                removed = store.revoke(args.name)
                if not removed:
                    print(f"exitguard token: no token named {args.name} in {path}", file=sys.stderr)
                    return 2
                store.save()
        if args.action == "add":
            print(f"exitguard: token for {args.name} (groups: {', '.join(groups) or 'none'}) saved to {path}. "
                  "It is shown only this once:", file=sys.stderr)
            if made_private:
                print(made_private, file=sys.stderr)
            print(token)
            print(f"Use it as the proxy password: HTTPS_PROXY=http://{args.name}:<token>@HOST:PORT; an approver's "
                  "token decides with `exitguard approvals approve ID --token-file FILE` (a private file or a pipe)",
                  file=sys.stderr)
            if same_name > 1:  # a second token for the same name is a rotation, and the old one still works
                print(f"{args.name} now has {same_name} tokens, all valid: `exitguard token revoke {args.name}` "
                      "revokes every one", file=sys.stderr)
            print("A proxy listening on loopback only also lets clients in without a token unless it runs with "
                  "--set exitguard_auth=required", file=sys.stderr)
        else:
            print(f"exitguard: revoked {removed} token(s) of {args.name}", file=sys.stderr)
    except (TokenFileError, ValueError) as e:
        print(f"exitguard token: {e}", file=sys.stderr)
        return 2
    return 0


def _my_uid() -> int:
    return os.geteuid()


def _private_output() -> str | None:
    """Standard output redirected into a file (``add alice > alice.token``) gets the token: a file group or others
    may read is made 0600 first (the shell made it as the umask said, often 0644, and `approvals approve
    --token-file` refuses it, since whoever reads it approves as alice); another user's is refused before any
    token is made. A terminal or a pipe is left as it is. The note to say, or None."""
    try:
        mode = make_stdout_private(_my_uid())
    except StdoutNotPrivate as refused:
        if refused.owner is not None:
            raise ValueError(f"standard output is a file of another user (uid {refused.owner}, mode {refused.mode}) "
                             "that others may read; no token was made: print it into a file of your own") from None
        raise ValueError(f"standard output is a file others may read (mode {refused.mode}) and cannot be made "
                         f"private ({refused.error}); no token was made") from None
    if mode is None:
        return None
    return f"exitguard: the file standard output goes to was mode {mode}: made private (0600) before the token"
