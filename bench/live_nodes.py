"""Live readers spread over several nodes, for bench/nodes.sh: one comment
posted on the first node, and how long it took to reach the readers on
each node.

Opens READERS Server-Sent-Events connections to /articles/SLUG/live,
straight to the nodes (not through the balancer), taking the nodes in turn,
500 at a time. Once all have their answer's headers it notes each node's
memory, posts one comment through the JSON API of the first node as a
seeded reader, and times the comment's arrival at every reader from the
moment the post was sent. The readers are one Python process on one
thread, so the times include its own delay: they are upper bounds.

Prints a Markdown table, one row a node. Only 127.0.0.1 is contacted.
"""

import argparse
import asyncio
import time

from live_readers import open_stream, post_comment, rss_mib


async def reader(host, port, path, connected, seen_lists, ready_event):
    stream, writer = await open_stream(host, port, path)
    connected.append(writer)
    await ready_event.wait()
    # Other comments' events may still be arriving (an earlier run's): only
    # the posted comment's id counts, noted when it arrives.
    seen = {}
    seen_lists.append(seen)
    while True:
        line = await stream.readline()
        if not line:
            return
        if line.startswith(b"id: "):
            seen[line[4:].strip().decode()] = time.perf_counter()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--ports", required=True, help="the nodes' ports, comma-separated; posts go to the first")
    parser.add_argument("--pids", required=True, help="the nodes' process ids, in the same order")
    parser.add_argument("--slug", required=True)
    parser.add_argument("--readers", type=int, default=3000)
    parser.add_argument("--sessions", required=True)
    args = parser.parse_args()
    ports = [int(p) for p in args.ports.split(",")]
    pids = [int(p) for p in args.pids.split(",")]
    token, csrf = open(args.sessions).readline().split()
    path = f"/articles/{args.slug}/live"

    rss_idle = [rss_mib(pid) * 1024 for pid in pids]
    connected = [[] for _ in ports]
    seen = [[] for _ in ports]
    tasks = []
    ready_event = asyncio.Event()
    started = time.perf_counter()
    for first in range(0, args.readers, 500):
        batch = []
        for n in range(first, min(first + 500, args.readers)):
            node = n % len(ports)
            batch.append(asyncio.create_task(
                reader(args.host, ports[node], path, connected[node], seen[node], ready_event)))
        tasks += batch
        while sum(len(c) for c in connected) < min(first + 500, args.readers):
            failed = [t for t in batch if t.done() and t.exception()]
            if failed:
                raise failed[0].exception()
            await asyncio.sleep(0.01)
    connect_secs = time.perf_counter() - started
    ready_event.set()
    await asyncio.sleep(1)
    rss_connected = [rss_mib(pid) * 1024 for pid in pids]

    sent = time.perf_counter()
    text = "Several nodes: this comment should reach the readers on every node at once."
    base = f"http://{args.host}:{ports[0]}"
    status, answer = await asyncio.to_thread(post_comment, base, args.slug, token, csrf, text)
    if status != 201:
        raise RuntimeError(f"posting answered {status}")
    comment = answer.get("comment", answer)
    posted = str(comment["id"])
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline and not all(posted in s for node in seen for s in node):
        await asyncio.sleep(0.05)
    arrivals = [[s[posted] for s in node if posted in s] for node in seen]

    print(f"{args.readers:,} readers connected in {connect_secs:.1f} s; the comment was posted on node 1.")
    print()
    print("| node | readers | reached | p50 | p99 | slowest | RSS idle → with readers | per reader |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for node in range(len(ports)):
        delays = sorted((t - sent) * 1000 for t in arrivals[node])
        q = lambda p: delays[min(len(delays) - 1, int(len(delays) * p))] if delays else float("nan")
        readers = len(connected[node])
        per_reader = (rss_connected[node] - rss_idle[node]) / readers if readers else float("nan")
        print(f"| {node + 1}{' (posted here)' if node == 0 else ''} | {readers:,} | {len(delays):,} "
              f"| {q(0.5):.0f} ms | {q(0.99):.0f} ms | {max(delays, default=float('nan')):.0f} ms "
              f"| {rss_idle[node] / 1024:.1f} → {rss_connected[node] / 1024:.1f} MiB | {per_reader:.1f} KiB |")
    for writers in connected:
        for writer in writers:
            writer.close()
    for task in tasks:
        task.cancel()


asyncio.run(main())
