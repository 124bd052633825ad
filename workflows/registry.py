"""Guards and effects by name: the line between what administrators compose and what developers add.

A guard is a pure function of a GuardContext that returns None when the
transition may go ahead, or a reason a person can read. An effect runs after
the state has changed, once per application and request, and must be safe to
run again (it is retried by `flask workflows resume`). An input kind is a function of the
application that returns the Control a transition's Input is asked and checked with.
"""
GUARDS = {}
EFFECTS = {}
INPUTS = {}


def guard(name):
    def register(function):
        GUARDS[name] = function
        return function

    return register


def effect(name):
    def register(function):
        EFFECTS[name] = function
        return function

    return register


def input_kind(name):
    def register(function):
        INPUTS[name] = function
        return function

    return register
