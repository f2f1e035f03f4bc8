"""A one-screen size report (informs, never fails): modules and functions past the house-style sizes."""
import ast
from pathlib import Path

root = Path(__file__).resolve().parents[1] / "gluonlab"
rows = []
for path in sorted(root.rglob("*.py")):
    text = path.read_text()
    n = len(text.splitlines())
    limit = 80 if path.parent.name == "sections" else 250
    if n > limit:
        rows.append(f"  module {path.relative_to(root.parent)}: {n} lines (guide: {limit})")
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > 50 or len(node.args.args) > 8:
                rows.append(f"  function {path.relative_to(root.parent)}:{node.name}: {length} lines, "
                            f"{len(node.args.args)} args")
total = sum(len(p.read_text().splitlines()) for p in root.rglob("*.py"))
print(f"size report: gluonlab/ has {total} lines in {len(list(root.rglob('*.py')))} modules; "
      f"{len(rows)} past the guide")
print("\n".join(rows[:30]))
