"""The bottom layer every other room may use: the device model, raw outputs, results, errors, paths,
messages and translations, option values, redaction, fault barriers, the terminal, the spool."""
