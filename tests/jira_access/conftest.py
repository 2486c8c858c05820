"""Both sandbox flavors behind one parametrized fixture (`any_sandbox`)."""

from tests.execution.helpers import any_sandbox

__all__ = ["any_sandbox"]
