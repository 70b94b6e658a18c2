"""People: their profile and language, what Feria keeps about them and forgetting them on request, and the
retention that forgets what is no longer needed. The top of the services: it reaches into the others to erase.
"""
