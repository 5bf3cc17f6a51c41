"""The PostgreSQL backend's audit: after a reveal and after the close of voting, nothing the
server keeps about a row (its transaction ``xmin``, its position ``ctid``, its commit time)
links a person to an idea or to a ballot choice.

Every row of every table of the session is read with its system columns, on the real server,
at three moments: during voting (where the link is there, which shows the audit can see it),
after the close, and after the reveal.

A check-in answer (``checkins``) names its person on purpose, as an outcome does: what the audit
asks of it is that it holds nothing else (no idea, no ballot, no time, no sequence number), and
that the transaction that wrote it wrote nothing else, so that its ``xmin`` (and commit time)
is shared with no idea, tally or voter mark, before or after the rewrites.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest

from rmworkshop.core.checkin import CheckinPair
from rmworkshop.core.clock import FakeClock
from rmworkshop.store import token_digest
from rmworkshop.store.postgres import PostgresStore
from tests.helpers import go_to, make_agenda, make_roster
from tests.postgres_server import drop_sessions, new_address, server_url

pytestmark = pytest.mark.xdist_group("postgres-audit")

PEOPLE = tuple(
    (f"Person {index:02d}", ("intern", "junior", "senior")[index % 3]) for index in range(9)
)
IDEAS = 24
SUBMITTED = [f"Idea {index:02d} of the brainstorm" for index in range(IDEAS)]


@dataclass(frozen=True)
class Row:
    table: str
    xmin: int
    position: tuple[int, int]
    committed: object
    data: dict[str, object]


def every_row(url: str, schema: str) -> list[Row]:
    """Every row of every table in the session's schema, with its system columns."""
    with psycopg.connect(url, autocommit=True) as connection:
        (tracked,) = connection.execute("SHOW track_commit_timestamp").fetchone() or ("off",)
        committed = "pg_xact_commit_timestamp(xmin)" if tracked == "on" else "NULL"
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                (schema,),
            )
        ]
        assert len(tables) == 15
        rows: list[Row] = []
        for table in tables:
            for xmin, ctid, when, data in connection.execute(
                f"SELECT xmin::text::bigint, ctid::text, {committed}, row_to_json(t)"
                f" FROM {schema}.{table} t"
            ):
                page, item = (int(part) for part in str(ctid).strip("()").split(","))
                rows.append(Row(table, int(xmin), (page, item), when, dict(data)))
        return rows


def linked(rows: list[Row]) -> set[tuple[str, str]]:
    """Pairs (idea text, person or device) told apart by a transaction that last wrote both:
    one that wrote every idea and every row of the other table at once tells nothing."""
    ideas = [row for row in rows if row.table == "ideas"]
    found = set()
    for table, column in (("people", "name"), ("devices", "digest")):
        people = [row for row in rows if row.table == table]
        for xmin in {row.xmin for row in ideas} & {row.xmin for row in people}:
            these = [row for row in ideas if row.xmin == xmin]
            those = [row for row in people if row.xmin == xmin]
            if len(these) < len(ideas) or len(those) < len(people):
                found |= {(str(i.data["text"]), str(p.data[column])) for i in these for p in those}
    return found


def submission_order(rows: list[Row]) -> list[int]:
    """The submission index of each idea, in the order the server stores them."""
    ideas = sorted((row for row in rows if row.table == "ideas"), key=lambda row: row.position)
    return [SUBMITTED.index(str(row.data["text"])) for row in ideas]


def by_transaction(rows: list[Row]) -> list[int]:
    """The submission index of each idea, in the order their transactions ran."""
    ideas = sorted((row for row in rows if row.table == "ideas"), key=lambda row: row.xmin)
    return [SUBMITTED.index(str(row.data["text"])) for row in ideas]


@pytest.fixture
def session() -> Iterator[tuple[str, PostgresStore]]:
    url = server_url()
    address = new_address(url)
    clock = FakeClock()
    with PostgresStore.create(
        address, make_agenda(), "audit", clock=clock, roster=make_roster(PEOPLE)
    ) as store:
        yield url, store
    assert address.session is not None
    drop_sessions(url, [address.session])


def test_hidden_ideas_keep_their_order_until_the_reveal_rewrites_them(
    session: tuple[str, PostgresStore],
) -> None:
    url, store = session
    go_to(store, "capture")
    device = store.join_device(kiosk=False)
    digest = token_digest(device)
    store.claim(digest, PEOPLE[0][0], None)
    for index, text in enumerate(SUBMITTED):
        if index % 2:
            store.submit_once(digest, f"request-{index}", text)
        else:
            store.submit(text)
    before = every_row(url, store.schema)
    # Before the reveal the server shows the order ideas came in: the audit can see it.
    assert by_transaction(before) == list(range(IDEAS))
    assert len({row.xmin for row in before if row.table == "ideas"}) == IDEAS

    assert store.reveal() == IDEAS
    after = every_row(url, store.schema)
    ideas = [row for row in after if row.table == "ideas"]
    assert len({row.xmin for row in ideas}) == 1, "one transaction wrote every idea"
    assert len({row.committed for row in ideas}) == 1
    assert submission_order(after) not in (list(range(IDEAS)), list(range(IDEAS))[::-1])
    assert linked(after) == set()
    requests = [row for row in after if row.table == "idea_requests"]
    assert {row.xmin for row in requests} == {ideas[0].xmin}
    submissions = {row.xmin for row in before if row.table == "ideas"}
    assert not submissions & {row.xmin for row in after}, "no submission's transaction survives"
    counters = [row for row in after if row.table == "counters"]
    assert sum(int(str(row.data["n"])) for row in counters) == IDEAS, "the counts are kept"


def test_after_the_close_no_voter_shares_a_transaction_with_a_tally(
    session: tuple[str, PostgresStore],
) -> None:
    url, store = session
    go_to(store, "capture")
    for text in SUBMITTED:
        store.submit(text)
    store.reveal()
    session_now = go_to(store, "vote")
    budget = session_now.voting.budget
    assert budget is not None
    for index, (name, _) in enumerate(PEOPLE):
        store.cast_ballot(name, {1 + (index * 3) % IDEAS: 1, 2 + (index * 5) % (IDEAS - 1): 1})
    during = every_row(url, store.schema)
    # While voting is open a ballot's transaction marks its voter and its tallies alike.
    assert linked(during), "the audit must see the link a ballot leaves before the close"

    store.close_voting()
    after = every_row(url, store.schema)
    assert linked(after) == set()
    rewritten = [row for row in after if row.table in ("ideas", "people")]
    assert len({row.xmin for row in rewritten}) == 1
    assert len({row.committed for row in rewritten}) == 1
    ballots = {row.xmin for row in during if row.table == "people" and row.data["voted"]}
    assert not ballots & {row.xmin for row in after}, "no ballot's transaction survives"
    voted = [row for row in after if row.table == "people"]
    assert all(row.data["voted"] == 1 for row in voted)


def test_no_sequence_numbers_ideas_or_ballots(session: tuple[str, PostgresStore]) -> None:
    url, store = session
    with psycopg.connect(url, autocommit=True) as connection:
        owned = {
            table
            for (table,) in connection.execute(
                "SELECT c.relname FROM pg_class s JOIN pg_depend d ON d.objid = s.oid"
                " JOIN pg_class c ON c.oid = d.refobjid"
                " JOIN pg_namespace n ON n.oid = s.relnamespace"
                " WHERE s.relkind = 'S' AND n.nspname = %s",
                (store.schema,),
            )
        }
    assert owned == {"people", "rounds", "turns"}


FOLLOW_UP = (
    ("Welcome", "info", 2),
    ("How are the pairs doing?", "checkin", 10),
    ("Silent ideas", "capture", 10),
    ("Junior-first round", "share", 15),
    ("Dot vote", "vote", 5),
)


def test_a_check_in_shares_its_transaction_with_nothing() -> None:
    url = server_url()
    address = new_address(url)
    names = [name for name, _ in PEOPLE]
    pairs = [CheckinPair((names[i],), (names[i + 1],)) for i in range(0, 8, 2)]
    with PostgresStore.create(
        address,
        make_agenda(phases=FOLLOW_UP),
        "audit",
        clock=FakeClock(),
        roster=make_roster(PEOPLE),
    ) as store:
        try:
            store.set_checkin_pairs(pairs)
            go_to(store, "checkin")
            for index, name in enumerate(names[:8]):
                store.check_in(name, "2-3", ("well", "stuck")[index % 2], f"note {index}")
            answered = every_row(url, store.schema)
            go_to(store, "capture")
            for text in SUBMITTED:
                store.submit(text)
            store.reveal()
            go_to(store, "vote")
            for index, name in enumerate(names):
                store.cast_ballot(name, {1 + index % IDEAS: 1})
            store.close_voting()
            after = every_row(url, store.schema)
            with psycopg.connect(url, autocommit=True) as connection:
                columns = [
                    name
                    for (name,) in connection.execute(
                        "SELECT column_name FROM information_schema.columns"
                        " WHERE table_schema = %s AND table_name = 'checkins'"
                        " ORDER BY ordinal_position",
                        (store.schema,),
                    )
                ]
                references = {
                    str(target)
                    for (target,) in connection.execute(
                        "SELECT confrelid::regclass::text FROM pg_constraint"
                        " WHERE contype = 'f' AND conrelid = %s::regclass",
                        (f"{store.schema}.checkins",),
                    )
                }
        finally:
            assert address.session is not None
            drop_sessions(url, [address.session])
    # Reviewed: a person and what they said about their pair; no idea, ballot, time or number.
    assert columns == ["person", "met", "going", "note"]
    assert references == {f"{store.schema}.people"}
    for rows in (answered, after):
        checkins = [row for row in rows if row.table == "checkins"]
        assert len(checkins) == 8
        assert len({row.xmin for row in checkins}) == 8, "one transaction for each answer"
        others = {row.xmin for row in rows if row.table != "checkins"}
        assert not others & {row.xmin for row in checkins}
    # The answers outlive the rewrites of people at the reveal and the close, unchanged.
    assert sorted(str(r.data) for r in answered if r.table == "checkins") == sorted(
        str(r.data) for r in after if r.table == "checkins"
    )
    assert linked(after) == set()
