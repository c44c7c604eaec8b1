"""Thin command-line layer: parse arguments, call one service, render, map errors to exit codes."""
