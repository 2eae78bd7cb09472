"""Gunicorn settings for the web process (README "Running in production").

Every value can be overridden from the environment. The defaults are two worker
processes per CPU plus one, each with one thread: the site never waits on
Mailchimp or mail (that is the task worker's job), so every request is short
and CPU-bound, and more threads would only take turns on one interpreter lock.
The threaded worker class is used even with one thread, for keep-alive.
Measured on 2 CPUs with wrk at 16 connections (quick runs against the same
data): page-cache misses 250 req/s with this setting, 190 with sync workers
(a new connection per request) and 225-285 with 2 threads; brochure POSTs had
a p99 of 365 ms with this setting, 183 ms with sync workers and 480-560 ms
with 4 workers of 2 threads. Behind a proxy that buffers slow clients (the
platform's router, nginx, a CDN) one thread is enough; without one, set
``GUNICORN_THREADS`` to 2-4.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", str(min(multiprocessing.cpu_count() * 2 + 1, 8))))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread"
# A worker silent this long is killed and replaced. No request waits that long on a
# dependency: Redis answers within REDIS_TIMEOUT (0.5 s) or is skipped, PostgreSQL connects
# within DATABASE_CONNECT_TIMEOUT (3 s) or the visitor gets the 503 page.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Restart workers now and then so that a slow leak never grows into an outage.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = 200
# Load the application once and fork it: faster starts, shared memory.
preload_app = True
# Off unless GUNICORN_ACCESS_LOG names a file or "-" (stdout): the proxy usually keeps one.
# When on, webhook secrets and signed brochure tokens are redacted from it.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "") or None
errorlog = "-"
logger_class = "website.gunicorn_logging.RedactingLogger"
# The proxy in front (load balancer, CDN) terminates TLS and sets X-Forwarded-Proto.
# The same variable decides whose X-Forwarded-For the site believes (website/security.py).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
