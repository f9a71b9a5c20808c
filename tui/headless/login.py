"""``papers-tui login`` / ``logout``: save (or forget) the Hugging Face token used to sync lists.

The token is read without echo on a terminal, or as one line from stdin
(``papers-tui login < token.txt``), checked with whoami-v2 unless
``--no-verify``, and saved 0600 in the user data dir. It is never printed.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from tui.config import Paths
from tui.headless import fail
from tui.headless.whoami import settings_with_warnings
from tui.services.errors import ServiceError
from tui.services.net.clients import limits
from tui.services.net.collections_auth import (
    TokenError,
    check_token,
    forget_token,
    hf_home_token_path,
    save_token,
)
from tui.services.net.collections_client import CollectionsClient


def _read_token() -> str:
    if sys.stdin.isatty():
        print("Paste a Hugging Face token (huggingface.co/settings/tokens; write role to sync).", file=sys.stderr)
        return getpass.getpass("Token (not shown): ")
    return sys.stdin.readline()


async def run(args: argparse.Namespace) -> int:
    paths = Paths.from_env()
    settings = settings_with_warnings(paths)
    if args.command == "logout":
        if forget_token(paths.data_dir):
            print("papers-tui: forgot the saved token")
        else:
            print("papers-tui: no token saved by papers-tui login")
        if hf_home_token_path().is_file():
            print(f"papers-tui: {hf_home_token_path()} (huggingface-cli's token) is still used; "
                  "run hf auth logout to remove it", file=sys.stderr)
        return 0
    try:
        token = check_token(_read_token())
    except (EOFError, KeyboardInterrupt):
        return fail("no token given; nothing saved")
    except TokenError as error:
        return fail(f"{error}; nothing saved")
    if not args.no_verify:
        client = CollectionsClient(settings.hf_endpoint, token, limits=limits(settings))
        try:
            who = await client.whoami()
        except ServiceError as error:
            return fail(f"{error}; nothing saved (use --no-verify to save it anyway)")
        finally:
            await client.aclose()
    try:
        path = save_token(paths.data_dir, token)
    except TokenError as error:
        return fail(str(error))
    if args.no_verify:
        print(f"papers-tui: token saved in {path} (not checked)")
    else:
        print(f"papers-tui: logged in as {who.name}: {who.explain()}")
        print(f"papers-tui: token saved in {path} (readable by you only)")
    if settings.hf_token:
        print("papers-tui: note: HF_TOKEN is set in this environment and is used before the saved token",
              file=sys.stderr)
    return 0
