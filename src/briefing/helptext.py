"""Turn a request for help into the text argparse prints for it, without argparse.

Written by `python -m briefing.arguments` from the parser (`arguments.help_texts`) for a
terminal of `COLUMNS` columns, under the Python of `PYTHON` (argparse's layout changes
between versions); `test_speed_cold2_kept_help_is_the_parsers` checks it.
"""

PYTHON = (3, 11)
COLUMNS = 80
TEXTS = {
    '': (
        'usage: briefing [-h] [--version] COMMAND ...\n'
        '\n'
        'Turn a YAML briefing spec into print-ready PDF briefs.\n'
        '\n'
        'positional arguments:\n'
        '  COMMAND\n'
        '    make      build the PDFs of one or more specs\n'
        '    check     validate specs without rendering\n'
        '    watch     build a spec, then rebuild it on every save and show its pages\n'
        '              in a browser\n'
        '    templates\n'
        '              list templates and audiences\n'
        '    schema    print the JSON Schema of specs or templates, for editors\n'
        '    new       write a commented starter spec\n'
        "    server    keep a warm process that runs briefing's commands without its\n"
        '              start-up time\n'
        '    reference\n'
        '              print the spec reference (Markdown)\n'
        '\n'
        'options:\n'
        '  -h, --help  show this help message and exit\n'
        "  --version   show program's version number and exit\n"
        '\n'
        'Exit status: 0 on success, 2 for invalid input, 1 for any other failure.\n'
    ),
    'make': (
        'usage: briefing make [-h] [--layout {one-page,multi-page,all}] [--format LIST]\n'
        '                     [--dpi N] [--out-dir DIR] [--audience NAME]\n'
        '                     [--all-audiences] [--template PATH] [--jobs N]\n'
        '                     [--language LANG] [--draft] [--recipients FILE]\n'
        '                     [--name PATTERN] [--root DIR]\n'
        '                     SPEC [SPEC ...]\n'
        '\n'
        'Build the PDFs of one or more specs.\n'
        '\n'
        'positional arguments:\n'
        '  SPEC                  a briefing spec (YAML)\n'
        '\n'
        'options:\n'
        '  -h, --help            show this help message and exit\n'
        '  --layout {one-page,multi-page,all}\n'
        "                        which layout to build (default: the spec's `layouts`,\n"
        '                        else all)\n'
        '  --format LIST         output formats, separated by commas: pdf (print-ready\n'
        '                        PDF), txt (plain text, 72 columns), md (Markdown),\n'
        '                        html (accessible HTML, one file), png (page pictures\n'
        "                        (--dpi)), card (a 1200x630 share card), or 'all' for\n"
        '                        every one (default: pdf)\n'
        '  --dpi N               resolution of page pictures (--format png), 36 to 600\n'
        '                        (default: 150)\n'
        '  --out-dir DIR         folder for the PDFs (default: out)\n'
        '  --audience NAME       build the brief for this audience (repeatable; see\n'
        '                        `briefing templates`)\n'
        '  --all-audiences       build every audience of the template, in every layout\n'
        "  --template PATH       template file to use instead of the spec's own\n"
        '  --jobs N              build in N parallel processes (default: 1)\n'
        '  --language LANG       build the translation in this language (SPEC.LANG.yaml\n'
        "                        beside the spec), or 'all': the spec and every\n"
        '                        translation of it\n'
        '  --draft               mark every page as a draft: a light DRAFT across it\n'
        '                        and the time it was built (the PDFs then differ from\n'
        '                        one build to the next)\n'
        '  --recipients FILE     CSV or YAML file with one row per recipient: one brief\n'
        '                        per row, with {{field}} in the spec filled from the\n'
        '                        row\n'
        '  --name PATTERN        file name pattern for --recipients, e.g.\n'
        "                        '{country}-{name}' ({n} is the row number; default:\n"
        '                        <spec>-<row number>)\n'
        '  --root DIR            project folder that specs and templates may read files\n'
        '                        from (default: the folder briefing runs from and the\n'
        "                        spec's folder, and what lies below them)\n"
    ),
    'check': (
        'usage: briefing check [-h] [--template PATH] [--audience NAME]\n'
        '                      [--all-audiences] [--recipients FILE] [--strict]\n'
        '                      [--format {text,json}] [--root DIR]\n'
        '                      SPEC [SPEC ...]\n'
        '\n'
        'Validate specs without rendering them.\n'
        '\n'
        'positional arguments:\n'
        '  SPEC                  a briefing spec (YAML)\n'
        '\n'
        'options:\n'
        '  -h, --help            show this help message and exit\n'
        "  --template PATH       template file to use instead of the spec's own\n"
        "  --audience NAME       check this audience's brief (repeatable; default: the\n"
        '                        general brief and every audience of the template)\n'
        '  --all-audiences       check every audience of the template\n'
        '  --recipients FILE     check the brief of every row of this CSV or YAML file,\n'
        '                        as make would build them\n'
        '  --strict              fail (exit 2) when a claim is not backed by the text\n'
        '                        of its sources, or when no source has a text to check\n'
        '                        against\n'
        '  --format {text,json}  text: findings as lines on stderr (default); json: one\n'
        '                        JSON document on stdout with every finding\n'
        '  --root DIR            project folder that specs and templates may read files\n'
        '                        from (default: the folder briefing runs from and the\n'
        "                        spec's folder, and what lies below them)\n"
    ),
    'watch': (
        'usage: briefing watch [-h] [--layout {one-page,multi-page,all}]\n'
        '                      [--audience NAME] [--all-audiences] [--template PATH]\n'
        '                      [--language LANG] [--out-dir DIR] [--port N] [--open]\n'
        '                      [--root DIR]\n'
        '                      SPEC\n'
        '\n'
        'Build SPEC, then rebuild it whenever the spec, its template, a translation or\n'
        'an asset it uses changes, and show every page on a preview page served on\n'
        '127.0.0.1 that updates itself after each save.\n'
        '\n'
        'positional arguments:\n'
        '  SPEC                  a briefing spec (YAML)\n'
        '\n'
        'options:\n'
        '  -h, --help            show this help message and exit\n'
        '  --layout {one-page,multi-page,all}\n'
        "                        which layout to show (default: the spec's `layouts`,\n"
        '                        else all)\n'
        '  --audience NAME       show the brief for this audience (repeatable; see\n'
        '                        `briefing templates`)\n'
        '  --all-audiences       show every audience of the template\n'
        "  --template PATH       template file to use instead of the spec's own\n"
        '  --language LANG       show the translation in this language (SPEC.LANG.yaml\n'
        '                        beside the spec)\n'
        '  --out-dir DIR         folder for the PDFs, rebuilt on every good save\n'
        '                        (default: out)\n'
        '  --port N              port of the preview page on 127.0.0.1 (default: a free\n'
        '                        one, printed)\n'
        '  --open                open the preview page in the web browser\n'
        '  --root DIR            project folder that specs and templates may read files\n'
        '                        from (default: the folder briefing runs from and the\n'
        "                        spec's folder, and what lies below them)\n"
    ),
    'templates': (
        'usage: briefing templates [-h] [--show NAME] [SPEC]\n'
        '\n'
        'List the templates a spec can use, and the audiences of each.\n'
        '\n'
        'positional arguments:\n'
        '  SPEC         also list the templates in a templates/ folder beside SPEC\n'
        '\n'
        'options:\n'
        '  -h, --help   show this help message and exit\n'
        '  --show NAME  print template NAME (a name from the list, or a file) as\n'
        '               briefing uses it: merged with the templates it extends, in YAML\n'
    ),
    'schema': (
        'usage: briefing schema [-h] [{spec,template}]\n'
        '\n'
        'Print the JSON Schema of briefing specs (or templates), with a description of\n'
        'every field: editors use it to complete keys and show their docs.\n'
        '\n'
        'positional arguments:\n'
        '  {spec,template}  which file format (default: spec)\n'
        '\n'
        'options:\n'
        '  -h, --help       show this help message and exit\n'
    ),
    'new': (
        'usage: briefing new [-h] NAME\n'
        '\n'
        'Write NAME.yaml, a commented starter spec that builds as it is.\n'
        '\n'
        'positional arguments:\n'
        '  NAME        name of the spec file to write (NAME.yaml)\n'
        '\n'
        'options:\n'
        '  -h, --help  show this help message and exit\n'
    ),
    'server': (
        'usage: briefing server [-h] {start,stop,status}\n'
        '\n'
        'Start, stop or report on your warm server: a background process with briefing\n'
        'loaded that runs each `briefing` command you type (but watch) as a fresh copy\n'
        'of itself, in your folder, with your environment and terminal, with the same\n'
        'results as a cold start in a fraction of the time. It serves only you, only\n'
        'this installation of briefing in this environment, and stops after 30 minutes\n'
        'without a command.\n'
        '\n'
        'positional arguments:\n'
        '  {start,stop,status}  start the server, stop every server of yours, or tell\n'
        '                       whether one runs\n'
        '\n'
        'options:\n'
        '  -h, --help           show this help message and exit\n'
    ),
    'reference': (
        'usage: briefing reference [-h]\n'
        '\n'
        'Print the reference of every spec field, in Markdown.\n'
        '\n'
        'options:\n'
        '  -h, --help  show this help message and exit\n'
    ),
}
