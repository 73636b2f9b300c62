"""Runs app.py for AppTest from a folder with no pages/ directory.

AppTest resets Streamlit's "uses a pages/ directory" flag on every run; with our pages/ folder it
would then rerun the current page alone (legacy multipage mode) and skip app.py's sidebar. The
real server leaves that mode as soon as app.py calls st.navigation.
"""

import runpy
from pathlib import Path

runpy.run_path(str(Path(__file__).resolve().parents[1] / "app.py"), run_name="__main__")
