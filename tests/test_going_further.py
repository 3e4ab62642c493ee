"""Notebook 4's "Going further": momentum as torch.optim does it, standardised inputs mapped back, the paths' picture."""

import numpy as np
import pytest
import torch

import helpers

DATA = helpers.make_data()


@pytest.mark.parametrize("beta", [0.5, 0.9])
@pytest.mark.parametrize("with_bias", [False, True])
def test_momentum_by_hand_agrees_with_torch_optim_over_50_steps(beta, with_bias):
    history = helpers.train(DATA.X, DATA.Y, w0=-10.0, b0=-20.0 if with_bias else None, lr=0.1, iterations=50,
                            momentum=beta)
    model = torch.nn.Linear(1, 1, bias=with_bias)
    with torch.no_grad():
        model.weight.fill_(-10.0)
        if with_bias:
            model.bias.fill_(-20.0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=beta)
    for i in range(50):
        optimizer.zero_grad()
        loss = torch.nn.MSELoss()(model(DATA.X), DATA.Y)
        loss.backward()
        optimizer.step()
        assert history.loss[i] == pytest.approx(loss.item(), rel=1e-4)
        assert abs(history.w[i] - model.weight.item()) < 1e-5
        if with_bias:
            assert abs(history.b[i] - model.bias.item()) < 1e-5
    assert history.momentum == beta


def test_momentum_zero_is_plain_gradient_descent_bit_for_bit():
    plain = helpers.train(DATA.X, DATA.Y, b0=-20.0, iterations=30)
    assert helpers.train(DATA.X, DATA.Y, b0=-20.0, iterations=30, momentum=0.0) == plain


def test_momentum_changes_the_run():
    plain = helpers.train(DATA.X, DATA.Y, b0=-20.0, iterations=30)
    assert helpers.train(DATA.X, DATA.Y, b0=-20.0, iterations=30, momentum=0.5).b != plain.b


@pytest.mark.parametrize("bad", [-0.1, 1.0, 1.5, float("nan")])
def test_momentum_out_of_range_is_refused_by_name(bad):
    with pytest.raises(ValueError, match="momentum"):
        helpers.train(DATA.X, DATA.Y, momentum=bad)


def test_standardised_fit_maps_back_to_least_squares():
    s = DATA.X.std()
    Xs = DATA.X / s
    low, high = np.linalg.eigvalsh(helpers.hessian(Xs, with_bias=True))
    assert 1.9 < low < high < 2.1  # both curvatures near 2
    run = helpers.train(Xs, DATA.Y, w0=-10.0 * s.item(), b0=-20.0, lr=2 / (low + high), iterations=50)
    w_exact, b_exact = helpers.least_squares(DATA.X, DATA.Y, with_bias=True)
    assert abs(run.w[-1] / s.item() - w_exact) < 1e-3
    assert abs(run.b[-1] - b_exact) < 1e-3


def test_plot_paths_draws_one_line_per_run_over_the_rings():
    runs = {"plain": helpers.train(DATA.X, DATA.Y, b0=-20.0, iterations=10),
            "pairs": [(-10.0, -20.0), (-6.0, -10.0), (-5.0, 0.0)]}
    fig = helpers.plot_paths(DATA.X, DATA.Y, runs, title="paths")
    ax = fig.axes[0]
    labels = [line.get_label() for line in ax.lines]
    assert labels == ["plain (10 steps)", "pairs (2 steps)", "least-squares optimum"]
    assert ax.collections, "the contour rings are drawn"
    w_best, b_best = helpers.least_squares(DATA.X, DATA.Y, with_bias=True)
    star = ax.lines[-1].get_xydata()[0]
    assert star == pytest.approx([w_best, b_best])
    # equal scale: one unit of w as long on screen as one unit of b
    fig.draw_without_rendering()  # applies the equal aspect
    to_pixels = ax.transData.transform
    unit_w = to_pixels((1, 0))[0] - to_pixels((0, 0))[0]
    unit_b = to_pixels((0, 1))[1] - to_pixels((0, 0))[1]
    assert unit_w == pytest.approx(unit_b, rel=0.02)


def test_plot_paths_refuses_runs_without_a_bias():
    with pytest.raises(ValueError, match="runs"):
        helpers.plot_paths(DATA.X, DATA.Y, {"w only": helpers.train(DATA.X, DATA.Y, iterations=3)})
