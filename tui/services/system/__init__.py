"""The machine around the app: clipboard, links and browsers, the editor, user commands."""
