def seed(command):
    pass
