"""From output text to rows and facts about the text: the TextFSM engine (one index over ntc-templates and
our own parsers/), its faster runner (fastfsm), and the platform detection from what a device printed."""
