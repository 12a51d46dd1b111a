"""Files in and out: the paper layout, Excel, Word, printable HTML, and reading what users bring."""
