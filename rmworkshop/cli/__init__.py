"""The ``rmworkshop`` command: every facilitator action is also a command, for scripting."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence

from rmworkshop import memory
from rmworkshop.cli.parser import UsageError, build_parser
from rmworkshop.core.errors import Refused
from rmworkshop.core.text import one_line

EXIT_OK, EXIT_BUG, EXIT_REFUSED = 0, 1, 2


def _refuse_undecodable(args: Sequence[str]) -> None:
    """Bytes that are not UTF-8 reach Python as lone surrogates; say so instead of dropping them.

    Standard input is refused the same way, so `submit` treats both alike.
    """
    for arg in args:
        if any("\udc80" <= ch <= "\udcff" for ch in arg):
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            raise Refused(f"{shown!r} is not UTF-8 text; check the terminal's encoding.")


def without_passwords(message: str) -> str:
    """A message with every password it quotes hidden: an address's (``scheme://user:SECRET@``)
    and a parameter's (``password=SECRET``, ``sslpassword=SECRET``, in any spelling, in an
    address's query or in libpq's ``key=value`` form). Only on the way to the terminal, so the
    modules it needs load only then."""
    import re
    from urllib.parse import unquote

    message = re.sub(r"([A-Za-z][A-Za-z0-9+.-]*://[^\s/@:]*):[^\s/]*@", r"\1:***@", message)

    def hidden(found: re.Match[str]) -> str:
        name = found.group(2)
        return f"{found.group(1)}{name}=***" if "passw" in unquote(name).lower() else found.group(0)

    # A value ends at a space or '&', or is quoted as libpq's key=value form allows: 'a b'.
    # Inside an address's parameter (options=-c%20password%3DSECRET) both are escaped.
    value = r"""(?:'(?:[^'\\]|\\.)*'?|[^\s&;'"%]*(?:%(?!20)[^\s&;'"%]*)*)"""
    before, equals = r"""(^|[\s?&;'"]|%20)""", "(?:=|%3[Dd])"
    key = r"""(?:[^\s=&?;'"%]|%(?!20|3[Dd])[0-9A-Fa-f]{2})+"""
    return re.sub(rf"{before}({key}){equals}{value}", hidden, message)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        _refuse_undecodable(args)
        chosen = args or ["run"]
        options = build_parser(chosen[0]).parse_args(chosen)
        result: int = options.handler(options)
        return result
    except (UsageError, Refused) as error:
        # Messages may quote file names and names from a file: never raw to the terminal; and
        # arguments as typed (argparse's "invalid choice: ..."), which may hold a password.
        print(f"rmworkshop: {one_line(without_passwords(str(error)))}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into something that stopped reading, such as `head`.
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:
        if os.environ.get("RMWORKSHOP_DEBUG"):
            traceback.print_exc()
        name = type(error).__name__
        # Only the kind of error: its message could quote a name, an idea or a ballot.
        print(
            f"rmworkshop: internal error ({name}); this is a bug, please report it"
            " (set RMWORKSHOP_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return EXIT_BUG


def run() -> None:
    """The installed ``rmworkshop`` program: `main` for a whole process, started lean."""
    memory.starting()
    sys.exit(main())
