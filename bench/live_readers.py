"""Live readers for bench/live.sh: many Server-Sent-Events readers of one
article, one comment posted, and how long it took to reach each of them.

Opens READERS connections to /articles/SLUG/live (in batches, so the
server's listen queue is not overrun), waits until every one has its
answer's headers, notes the server's memory, then starts wrk on the article
page, posts one comment through the JSON API as a seeded reader while wrk
runs, and times the comment's arrival at every reader from the moment the
post was sent. Times include this script's own delay in reading 10,000
sockets on one thread, so they are upper bounds.

Prints a Markdown table. Only 127.0.0.1 is contacted.
"""

import argparse
import asyncio
import json
import statistics
import time
import urllib.request


def rss_mib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


async def open_stream(host, port, path):
    """Opens the event stream at `path`: its reader and writer, once the
    server has answered 200."""
    stream, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: text/event-stream\r\n\r\n".encode())
    await writer.drain()
    head = await stream.readuntil(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(f"the stream on port {port} answered {head[:40]!r}")
    return stream, writer


async def reader(host, port, path, connected, arrivals, ready_event):
    reader_stream, writer = await open_stream(host, port, path)
    connected.append(writer)
    await ready_event.wait()
    while True:
        line = await reader_stream.readline()
        if not line:
            return
        if line.startswith(b"event: comment"):
            arrivals.append(time.perf_counter())
            return


def post_comment(base, slug, token, csrf, text="Live readers: this comment should reach every open page at once."):
    """Posts `text` as the signed-in reader; answers the status and the JSON answer."""
    body = json.dumps({"body": text}).encode()
    request = urllib.request.Request(
        f"{base}/api/v1/articles/{slug}/comments",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "Cookie": f"byline_session={token}", "x-csrf-token": csrf},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.status, json.loads(answer.read())


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--slug", required=True)
    parser.add_argument("--readers", type=int, default=10_000)
    parser.add_argument("--sessions", required=True)
    parser.add_argument("--server-pid", type=int, required=True)
    parser.add_argument("--wrk-seconds", type=int, default=10)
    args = parser.parse_args()
    base = f"http://{args.host}:{args.port}"
    token, csrf = open(args.sessions).readline().split()

    connected, arrivals, tasks = [], [], []
    ready_event = asyncio.Event()
    started = time.perf_counter()
    for first in range(0, args.readers, 500):
        batch = [
            asyncio.create_task(reader(args.host, args.port, f"/articles/{args.slug}/live", connected, arrivals, ready_event))
            for _ in range(first, min(first + 500, args.readers))
        ]
        tasks += batch
        while len(connected) < min(first + 500, args.readers):
            failed = [t for t in batch if t.done() and t.exception()]
            if failed:
                raise failed[0].exception()
            await asyncio.sleep(0.01)
    connect_secs = time.perf_counter() - started
    ready_event.set()
    await asyncio.sleep(1)
    rss_connected = rss_mib(args.server_pid)

    wrk = await asyncio.create_subprocess_exec(
        "wrk", "-t2", "-c32", f"-d{args.wrk_seconds}s", "--latency", f"{base}/articles/{args.slug}",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    await asyncio.sleep(args.wrk_seconds / 3)
    sent = time.perf_counter()
    status, _ = await asyncio.to_thread(post_comment, base, args.slug, token, csrf)
    if status != 201:
        raise RuntimeError(f"posting answered {status}")
    done, _ = await asyncio.wait(tasks, timeout=30)
    wrk_out = (await wrk.communicate())[0].decode()
    rss_peak = rss_mib(args.server_pid, "VmHWM")

    delays = sorted((t - sent) * 1000 for t in arrivals)
    within = sum(1 for d in delays if d <= 1000)
    rps = next((l.split()[1] for l in wrk_out.splitlines() if l.startswith("Requests/sec:")), "?")
    p99 = next((l.split()[1] for l in wrk_out.splitlines() if l.strip().startswith("99%")), "?")
    non2xx = next((l.split()[-1] for l in wrk_out.splitlines() if "Non-2xx" in l), "0")
    q = lambda p: delays[min(len(delays) - 1, int(len(delays) * p))] if delays else float("nan")
    print("| readers connected | reached | within 1 s | p50 | p99 | slowest | RSS with readers | peak RSS | page req/s meanwhile (p99, errors) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(f"| {len(connected):,} in {connect_secs:.1f} s | {len(delays):,} | {within:,} | {q(0.5):.0f} ms | {q(0.99):.0f} ms "
          f"| {max(delays, default=float('nan')):.0f} ms | {rss_connected:.1f} MiB | {rss_peak:.1f} MiB | {rps} ({p99}, {non2xx}) |")
    for writer in connected:
        writer.close()


if __name__ == "__main__":
    asyncio.run(main())
