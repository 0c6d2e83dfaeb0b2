"""The «Дорожная карта» tab: a year's roadmap items, their statuses and evidence, templates, reports."""
