"""Guards, facts, effects and input kinds by name: the line between what administrators compose and what
developers add.

A guard is a pure function of a GuardContext: it returns None when the transition may go ahead, or a reason a
person can read. What it looks at besides the application and the answers it declares as facts it `reads`; the
engine loads each fact the transition's guards read once, before any guard runs, with the fact's loader (the
one place that queries). An effect runs after the state has changed, once per application and request, and must
be safe to run again (it is retried by `flask workflows resume`). An input kind is a function of the application
that returns the Control a transition's Input is asked and checked with.

Each guard, effect and input kind is registered with its `label`: one short sentence saying, in words an
administrator reads, what it checks or does (the workflow editor lists them by it).
"""
GUARDS = {}
GUARD_LABELS = {}
READS = {}  # guard name -> the names of the facts it reads
FACTS = {}
EFFECTS = {}
EFFECT_LABELS = {}
INPUTS = {}
INPUT_LABELS = {}


def guard(name, reads=(), *, label):
    def register(function):
        GUARDS[name] = function
        GUARD_LABELS[name] = label
        READS[name] = tuple(reads)
        return function

    return register


def fact(name):
    """A fact's loader: a function of the GuardContext (before any fact is loaded) returning the value."""
    def register(function):
        FACTS[name] = function
        return function

    return register


def effect(name, *, label):
    def register(function):
        EFFECTS[name] = function
        EFFECT_LABELS[name] = label
        return function

    return register


def input_kind(name, *, label):
    def register(function):
        INPUTS[name] = function
        INPUT_LABELS[name] = label
        return function

    return register
