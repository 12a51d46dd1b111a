"""Ready server configurations for the built site (nginx, Apache, IIS), written by `make dist` beside the zip.

Each one sends the right types (.wasm application/wasm above all), the pre-compressed copies the build wrote,
two cache lifetimes (a year and immutable for a URL that names one version of its file; revalidate for
everything else, the pages first) and the site's Content-Security-Policy as a header (generator/site/csp.py).
"""

from __future__ import annotations

from pathlib import Path

from generator.site import csp

# What Python in the browser is made of and what the pages load; .whl has no registered type, and a wheel is a zip.
TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".ics": "text/calendar",
    ".svg": "image/svg+xml",
    ".map": "application/json",
}
COMPRESSED_TYPES = {  # the files the build writes .gz/.br beside (build_site.COMPRESSIBLE), by their type
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".ics": "text/calendar",
    ".txt": "text/plain",
}
LONG = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# URLs that name one version of their file (generator/site/versions.py): Python's folder, Material's hashed
# names, and ?v=<hash>.
PYTHON_FOLDER = r"/pyodide/[0-9a-f]{16}/"
HASHED_NAME = r"\.[0-9a-f]{8}\.min\.(?:js|css)"


def nginx(csp: str, prefix: str = "/zsgx/", root: str = "/srv/www") -> str:
    """A location block for a server {} of nginx (1.18 or later), serving the site under prefix."""
    headers = lambda cache: "\n".join(  # noqa: E731 (nginx repeats add_header in every block that adds one)
        [
            f'        add_header Cache-Control "{cache}" always;',
            f'        add_header Content-Security-Policy "{csp}" always;',
            '        add_header X-Content-Type-Options "nosniff" always;',
        ]
    )
    python_types = " ".join(f"{kind} {ext[1:]};" for ext, kind in TYPES.items() if ext in (".wasm", ".mjs", ".js", ".json", ".zip", ".whl"))
    return f"""# nginx: the site at {prefix}, written by `make dist`. Put this block inside a server {{ }} and unpack
# build/site.zip into {root}{prefix} (to serve it elsewhere, change {prefix} below and that folder's name,
# and {root}). Check with `nginx -t`, then reload.
location ^~ {prefix} {{
    root {root};
    index index.html;
    error_page 404 {prefix}404.html;
    charset utf-8;
    charset_types text/css text/javascript application/javascript application/json text/calendar application/xml image/svg+xml;

    # name.gz beside each large file, sent as it is to browsers that accept gzip (the build wrote them).
    gzip_static on;
    gzip_vary on;
    # With Debian's libnginx-mod-http-brotli-static, the name.br copies too (smaller still):
    # brotli_static on;

    # Pages and unversioned files: the browser asks again each time (a 304 when unchanged), so an update
    # shows at once.
{headers(REVALIDATE).replace("        ", "    ")}

    # name.js?v=<hash of its content>: a new build has a new URL, so the old one can be kept for a year.
    if ($arg_v) {{
{headers(LONG)}
    }}

    # Material's files carry their hash in the name.
    location ~ "{HASHED_NAME}$" {{  # quoted: a regex with braces
{headers(LONG)}
    }}

    # Python's runtime and wheels, in a folder named by their version. Their types here (a `types` block
    # replaces the inherited ones): without application/wasm the form page cannot start Python.
    location ~ "{PYTHON_FOLDER}" {{
        types {{ {python_types} }}
        default_type application/octet-stream;
{headers(LONG)}
    }}
}}
"""


def htaccess(csp: str) -> str:
    """An .htaccess for the site's folder on Apache 2.4 (mod_mime, mod_headers, mod_rewrite; AllowOverride All)."""
    add_types = "\n".join(f"AddType {kind} {ext}" for ext, kind in TYPES.items())
    force = "\n".join(f'<FilesMatch "\\{ext}\\.(gz|br)$">\n    ForceType {kind}\n</FilesMatch>' for ext, kind in COMPRESSED_TYPES.items())
    versioned = f"%{{QUERY_STRING}} =~ /(^|&)v=[0-9a-f]+/ || %{{REQUEST_URI}} =~ m#{PYTHON_FOLDER}# || %{{REQUEST_URI}} =~ m#{HASHED_NAME}(\\.gz|\\.br)?$#"
    return f"""# Apache 2.4: copy this file as .htaccess into the folder where build/site.zip was unpacked (written by
# `make dist`; the server's <Directory> needs AllowOverride All, or put these lines there).
DirectoryIndex index.html
{add_types}
AddCharset utf-8 .html .css .js .mjs .json .ics .xml .svg

<IfModule mod_headers.c>
    Header always set Content-Security-Policy "{csp}"
    Header always set X-Content-Type-Options "nosniff"
    # Pages and unversioned files: revalidated on each visit (a 304 when unchanged).
    Header set Cache-Control "{REVALIDATE}"
    # A URL that names one version of its file (?v=<hash>, pyodide/<version>/, Material's hashed names): a year.
    <If "{versioned}">
        Header set Cache-Control "{LONG}"
    </If>
</IfModule>

# The build wrote name.br and name.gz beside the large files: send them to browsers that accept them.
<IfModule mod_rewrite.c>
    RewriteEngine On
    RewriteCond %{{HTTP:Accept-Encoding}} \\bbr\\b
    RewriteCond %{{REQUEST_FILENAME}}.br -f
    RewriteRule ^(.+)$ $1.br [L,E=no-gzip:1,E=no-brotli:1]
    RewriteCond %{{HTTP:Accept-Encoding}} \\bgzip\\b
    RewriteCond %{{REQUEST_FILENAME}}.gz -f
    RewriteRule ^(.+)$ $1.gz [L,E=no-gzip:1,E=no-brotli:1]
</IfModule>
RemoveType .gz .br
RemoveEncoding .gz .br
{force}
<IfModule mod_headers.c>
    <FilesMatch "\\.gz$">
        Header set Content-Encoding gzip
        Header append Vary Accept-Encoding
    </FilesMatch>
    <FilesMatch "\\.br$">
        Header set Content-Encoding br
        Header append Vary Accept-Encoding
    </FilesMatch>
</IfModule>
"""


def web_config(csp: str, languages: tuple[str, ...] = ("zh", "en")) -> str:
    """A web.config for the site's folder on IIS 7.5 or later."""
    maps = "\n".join(
        f'      <remove fileExtension="{ext}" />\n      <mimeMap fileExtension="{ext}" mimeType="{kind}" />' for ext, kind in TYPES.items()
    )
    long_cache = '<clientCache cacheControlMode="UseMaxAge" cacheControlMaxAge="365.00:00:00" cacheControlCustom="immutable" />'
    # Every file under pyodide/ and each language's assets/ is loaded by a versioned URL (?v= or a hashed name).
    locations = "\n".join(
        f"""  <location path="{path}">
    <system.webServer>
      <staticContent>
        {long_cache}
      </staticContent>
    </system.webServer>
  </location>"""
        for path in ("pyodide", *(f"{lang}/assets" for lang in languages))
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- IIS: copy this file as web.config into the folder where build/site.zip was unpacked (written by `make dist`).
     Compression: IIS's list of types it compresses lacks application/wasm and application/json; add them once
     for the server (see the site's hosting page). IIS compresses and caches the files itself: the .gz/.br
     copies are not used. -->
<configuration>
  <system.webServer>
    <staticContent>
{maps}
      <clientCache cacheControlMode="DisableCache" />
    </staticContent>
    <urlCompression doStaticCompression="true" doDynamicCompression="false" />
    <httpProtocol>
      <customHeaders>
        <add name="Content-Security-Policy" value="{csp}" />
        <add name="X-Content-Type-Options" value="nosniff" />
      </customHeaders>
    </httpProtocol>
  </system.webServer>
{locations}
</configuration>
"""


def write_configs(site: Path, out: Path, languages: tuple[str, ...] = ("zh", "en")) -> list[Path]:
    """nginx.conf, .htaccess and web.config for the built site, its Content-Security-Policy as a header."""
    out.mkdir(parents=True, exist_ok=True)
    policy = csp.site_policy(site)
    files = {"nginx.conf": nginx(policy), ".htaccess": htaccess(policy), "web.config": web_config(policy, languages)}
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    return [out / name for name in files]
