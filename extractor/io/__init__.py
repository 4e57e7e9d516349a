"""Readers and writers for the batch tool (formats, compression, encodings)."""
