"""`soclint adopt`: bring an existing policy repository under soclint in one reviewed change.

The repository's Markdown files keep their bodies and their own front-matter;
each gets soclint's keys at the top of its front-matter, filled from what can
be known (folder names, titles, comply's or a website's keys, the criteria the
text names), every guess said to be one. What the program lacks is written as
drafts (a roster, a system description, soclint.yaml), and a to-do list names
what a person must decide, file and line.
"""
