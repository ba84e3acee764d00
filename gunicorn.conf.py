# gunicorn reads this file from the working directory by itself, so the Procfile, the
# Dockerfile, docker-compose.yml and bench/load.py all serve with it.
# Its logs mask BSNs and amounts, as Django's do (config/gunicorn_logger.py).
logger_class = "config.gunicorn_logger.PrivacyLogger"
