# Varnish 7 in front of gunicorn (Debian: apt-get install varnish). See README, "Production".
#   varnishd -F -a 127.0.0.1:6081 -f $PWD/deploy/varnish.vcl -s malloc,256m -n /var/lib/varnish/gongzhi
# The backend address: edit here, or let bench/load.py and the tests write a copy with their port.
vcl 4.1;


backend gunicorn {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
}

# Who may purge: the app servers (wagtail.contrib.frontend_cache, FRONTEND_CACHE_PURGE_URL).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (!client.ip ~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # Every cached copy of the path, whatever its query string (?page=2) or host.
        ban("obj.http.x-gongzhi-path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);  # POSTs (comments, votes, demands) always reach Django
    }
    # Personal requests pass straight through: the session, flash messages, an anonymous voter
    # (the same names as GONGZHI_PERSONAL_COOKIES in settings/base.py).
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages|gongzhi_voter)=") {
        return (pass);
    }
    if (req.url ~ "^/(en/)?(_me/|accounts/|admin/)") {
        return (pass);
    }
    # Any other cookie (csrftoken from /_me/, a language cookie) does not change a public page.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Only what Django marked public with s-maxage is kept (gongzhi/caching.py); Varnish's own
    # defaults would keep a 302 or a page without Cache-Control for two minutes.
    if (beresp.http.Cache-Control !~ "public" || beresp.http.Cache-Control !~ "s-maxage" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    set beresp.http.x-gongzhi-path = regsub(bereq.url, "\?.*$", "");
    set beresp.grace = 1m;  # serve a just-expired copy while one request refreshes it
}

sub vcl_deliver {
    unset resp.http.x-gongzhi-path;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
