"""Entry point: `python run.py` serves the app (demo data on the embedded store if MONGODB_URI is unset)."""
from app import create_app, jobs
from app.services import demo

app = create_app()

if __name__ == "__main__":
    host, port = app.config["HOST"], app.config["PORT"]
    with app.app_context():
        if app.config["DEMO_MODE"]:
            print("Demo mode: business data is kept in memory and lost when the server stops.")
        print(demo.accounts_text())
    jobs.start_embedded(app)
    print(f"Serving on http://{host}:{port}/  (staff: http://{host}:{port}/admin/)")
    app.run(host=host, port=port, debug=False, use_reloader=False, threaded=True)
