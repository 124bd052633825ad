"""Step checks by name: what a step's fields only say together, checked when the step is saved.

A step check is a function of (Context, values) returning {field name: [messages]}; the empty name "" holds
messages about the step as a whole. Empty means the step is fine.
"""
STEP_CHECKS = {}
LABELS = {}  # name -> what the form builder says the check does


def step_check(name, label):
    def register(function):
        STEP_CHECKS[name] = function
        LABELS[name] = label
        return function

    return register
