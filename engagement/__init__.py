"""Residents' side of Gongzhi, one Django app per concept: residents (accounts), comments
(threads, reactions, flags, moderation queue), polls, ratings (policy evaluation), demands
(诉求: intake, triage, department workspace, Open311) and insights. Imports content, never the reverse."""
