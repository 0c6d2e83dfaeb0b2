"""Printed documents (reportlab, ГОСТ Р 7.0.97-2016): one module per document; reportlab is imported lazily."""
