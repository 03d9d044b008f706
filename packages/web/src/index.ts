// @claude-zen/web: the dashboard server (REST + Socket.IO + pages) of claude-zen monitor.
export {};
