"""``papers-tui whoami``: the account and token list sync would use, and what the token may do."""

from __future__ import annotations

import argparse

from tui.config import Paths, hf_endpoint
from tui.headless import fail
from tui.services.collections_auth import TokenError, find_token
from tui.services.collections_client import CollectionsClient
from tui.services.errors import ServiceError


async def run(args: argparse.Namespace) -> int:
    try:
        token = find_token(Paths.from_env().data_dir)
    except TokenError as error:
        return fail(str(error))
    if token is None:
        return fail("no Hugging Face token: run papers-tui login (or set HF_TOKEN, or run hf auth login)")
    client = CollectionsClient(hf_endpoint(), token.value)
    try:
        who = await client.whoami()
    except ServiceError as error:
        return fail(f"{error} (token from {token.source})")
    finally:
        await client.aclose()
    print(f"{who.name}" + (f" ({who.fullname})" if who.fullname and who.fullname != who.name else ""))
    if who.orgs:
        print(f"organisations: {', '.join(who.orgs)}")
    label = f" {who.token_name!r}" if who.token_name else ""
    print(f"token{label} from {token.source}: {who.explain()}")
    return 0
