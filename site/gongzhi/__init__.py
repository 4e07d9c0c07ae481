"""Gongzhi project configuration (settings, root URLs, WSGI/ASGI).

The folder is ``site/`` as DESIGN.md lays it out, but a package named ``site``
would shadow Python's own ``site`` module, so ``site/`` is a plain directory that
``manage.py`` and ``wsgi.py`` put on ``sys.path`` and the package inside it is
``gongzhi``.
"""
