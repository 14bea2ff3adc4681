"""gunicorn settings for production (docs/production.md). Every value can be overridden from
the environment, so one image serves a single machine or many behind a load balancer.

    gunicorn -c config/gunicorn.conf.py config.wsgi

Workers are processes (Django is not async here); each has WEB_THREADS threads, so a slow
request (a PDF, a large export) does not hold a whole process. Requests are short: long work
(the monthly report, imports, rosters) runs on the queue workers.
"""

from __future__ import annotations

import multiprocessing
import os

_cores = multiprocessing.cpu_count()

bind = os.environ.get("WEB_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_WORKERS", str(_cores * 2 + 1)))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (bounded memory), not all at once.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Load the application once in the master: faster starts, shared pages of memory.
preload_app = True
# The load balancer's addresses: only they may set X-Forwarded-For / -Proto.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("WEB_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("WEB_LOG_LEVEL", "info")
# The access log names no query string (search filters can name a child).
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
proc_name = "saferschools-web"
