"""Pure text formats: TeX to Unicode and back, citations, exports and imports."""
