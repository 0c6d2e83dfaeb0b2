"""The «Мониторинг» tab: indicators of a period, contingent, the quarter-close check and the quarterly package."""
